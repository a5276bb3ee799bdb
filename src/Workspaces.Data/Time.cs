namespace Workspaces.Data;

public static class Time
{
    // The API speaks milliseconds; storing the same precision keeps reads equal to what was written.
    public static DateTimeOffset TruncateToMilliseconds(this DateTimeOffset value) =>
        new(value.UtcTicks - (value.UtcTicks % TimeSpan.TicksPerMillisecond), TimeSpan.Zero);
}
