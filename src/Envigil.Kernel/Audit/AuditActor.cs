namespace Envigil.Kernel.Audit;

/// <summary>Who is acting in the current scope: a person, a machine token, or the system itself.</summary>
public sealed record AuditActor(string Name, string Kind)
{
    public static readonly AuditActor System = new("system", "system");
}

/// <summary>Resolves the actor of the current request or job. The host supplies one that reads the signed-in principal.</summary>
public interface IAuditActorAccessor
{
    AuditActor Current { get; }
}

/// <summary>For background work and command-line use: everything is done by "system" unless a name is given.</summary>
public sealed class FixedAuditActorAccessor(AuditActor actor) : IAuditActorAccessor
{
    public AuditActor Current { get; } = actor;
}
