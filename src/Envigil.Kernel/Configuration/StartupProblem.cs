namespace Envigil.Kernel.Configuration;

/// <summary>
/// A problem that stops the host from starting and that the operator can fix: its message is printed as one line
/// (what is wrong and how to fix it) and the process exits non-zero without a stack trace.
/// </summary>
public sealed class StartupProblem(string message, Exception? inner = null) : Exception(message, inner);
