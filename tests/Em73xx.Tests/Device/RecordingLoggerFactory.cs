using Microsoft.Extensions.Logging;

namespace Drivers.Em73xx.Tests.Device;

/// <summary>Keeps every message logged at any level, with its category and event id, for assertions.</summary>
internal sealed class RecordingLoggerFactory : ILoggerFactory
{
    private readonly Lock _sync = new();
    private readonly List<Entry> _entries = [];

    public IReadOnlyList<Entry> Entries
    {
        get
        {
            lock (_sync)
            {
                return [.. _entries];
            }
        }
    }

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void AddProvider(ILoggerProvider provider) => throw new NotSupportedException();

    public void Dispose()
    {
    }

    internal sealed record Entry(string Category, LogLevel Level, EventId EventId, string Message);

    private sealed class Logger(RecordingLoggerFactory owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (owner._sync)
            {
                owner._entries.Add(new Entry(category, logLevel, eventId, formatter(state, exception)));
            }
        }
    }
}
