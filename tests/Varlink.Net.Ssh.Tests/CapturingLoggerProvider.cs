using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Varlink.Ssh.Tests;

/// <summary>Keeps every log line (category, level, message) for assertions, and lets a test wait for one.</summary>
internal sealed class CapturingLoggerProvider : ILoggerProvider
{
    private readonly List<(Func<(string Category, LogLevel Level, string Message), bool> Match, TaskCompletionSource Seen)> _waiters = [];

    public ConcurrentQueue<(string Category, LogLevel Level, string Message)> Lines { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    /// <summary>Completes when a line matching <paramref name="match"/> has been logged (already, or later); fails after <paramref name="timeout"/>.</summary>
    public Task WaitForAsync(Func<(string Category, LogLevel Level, string Message), bool> match, TimeSpan timeout)
    {
        var seen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_waiters)
        {
            if (Lines.Any(match))
            {
                return Task.CompletedTask;
            }

            _waiters.Add((match, seen));
        }

        return seen.Task.WaitAsync(timeout);
    }

    public void Dispose()
    {
    }

    private void Add((string Category, LogLevel Level, string Message) line)
    {
        lock (_waiters)
        {
            Lines.Enqueue(line);
            foreach (var waiter in _waiters.Where(w => w.Match(line)).ToList())
            {
                waiter.Seen.TrySetResult();
                _waiters.Remove(waiter);
            }
        }
    }

    private sealed class Logger(CapturingLoggerProvider owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            owner.Add((category, logLevel, formatter(state, exception)));
    }
}
