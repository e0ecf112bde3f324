using Envigil.Kernel.Audit;
using Envigil.Kernel.Identity;

namespace Envigil.Host.Composition;

/// <summary>The actor of a change made in a request is the signed-in person or the machine token; otherwise the system.</summary>
internal sealed class HttpAuditActorAccessor(IHttpContextAccessor http) : IAuditActorAccessor
{
    public AuditActor Current
    {
        get
        {
            var user = http.HttpContext?.User;
            if (user?.Identity is not { IsAuthenticated: true, Name: { } name })
                return http.HttpContext is null ? AuditActor.System : new AuditActor("anonymous", "anonymous");
            return new AuditActor(name, user.IsMachine() ? "machine" : "person");
        }
    }
}
