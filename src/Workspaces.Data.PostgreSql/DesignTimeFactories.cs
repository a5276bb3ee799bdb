namespace Workspaces.Data.PostgreSql;

internal static class DesignTime
{
    public static PostgreSqlEngine Engine() => new(new DatabaseOptions { ConnectionString = "Host=localhost;Database=design_time" });
}

internal sealed class ControlPlaneDesignTimeFactory() : DesignTimeControlPlaneFactory(DesignTime.Engine);

internal sealed class PeopleDesignTimeFactory() : DesignTimePeopleFactory(DesignTime.Engine);
