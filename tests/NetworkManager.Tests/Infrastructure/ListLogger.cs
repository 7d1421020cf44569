using Microsoft.Extensions.Logging;

namespace Drivers.NetworkManager.Tests.Infrastructure;

/// <summary>A logger factory that keeps every entry, with its category, level and event id, for assertions.</summary>
internal sealed class ListLogger : ILoggerFactory
{
    private readonly List<Entry> _entries = [];

    /// <summary>One log entry.</summary>
    public sealed record Entry(string Category, LogLevel Level, EventId EventId, string Message);

    /// <summary>A copy of the entries so far.</summary>
    public IReadOnlyList<Entry> Entries
    {
        get
        {
            lock (_entries)
            {
                return [.. _entries];
            }
        }
    }

    /// <summary>The messages so far, with the exception's text appended when there was one.</summary>
    public IReadOnlyList<string> Messages => Entries.Select(e => e.Message).ToArray();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void AddProvider(ILoggerProvider provider)
    {
    }

    public void Dispose()
    {
    }

    private sealed class Logger(ListLogger owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (owner._entries)
            {
                owner._entries.Add(new Entry(category, logLevel, eventId, formatter(state, exception) + exception));
            }
        }
    }
}
