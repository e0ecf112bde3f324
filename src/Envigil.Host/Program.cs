using Envigil.Host;

return await EnvigilHost.MainAsync(args);

/// <summary>Entry point type, for tests that host the app in process.</summary>
public partial class Program;
