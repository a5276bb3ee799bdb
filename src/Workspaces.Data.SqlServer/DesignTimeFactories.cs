namespace Workspaces.Data.SqlServer;

internal static class DesignTime
{
    public static SqlServerEngine Engine() => new(new DatabaseOptions
    {
        Provider = DatabaseOptions.SqlServer, ConnectionString = "Server=design-time;Database=workspaces;Trust Server Certificate=true", PeoplePartitions = 1,
    });
}

internal sealed class ControlPlaneDesignTimeFactory() : DesignTimeControlPlaneFactory(DesignTime.Engine);

internal sealed class PeopleDesignTimeFactory() : DesignTimePeopleFactory(DesignTime.Engine);
