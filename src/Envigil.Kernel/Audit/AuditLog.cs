using System.Diagnostics;
using System.Text.Json;
using Envigil.Kernel.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Envigil.Kernel.Audit;

public sealed record AuditRecord(long Id, DateTime AtUtc, string Actor, string ActorKind, string Action, string Entity, string EntityKey, string? Before, string? After);

public sealed record AuditPage(IReadOnlyList<AuditRecord> Items, long? NextBefore);

/// <summary>
/// Reads the audit log, and records events that are not entity changes (sign-ins, refused deliveries).
/// Entity changes are recorded by <see cref="AuditInterceptor"/> on their own.
/// </summary>
public sealed class AuditLog(KernelDb db, IAuditActorAccessor actors, TimeProvider time)
{
    public const int MaxPageSize = 500;

    public async Task RecordAsync(string action, string entity, string entityKey, object? details = null, AuditActor? actor = null)
    {
        var who = actor ?? actors.Current;
        db.AuditLog.Add(new AuditEntry
        {
            AtUtc = time.GetUtcNow().UtcDateTime,
            Actor = who.Name,
            ActorKind = who.Kind,
            Action = action,
            Entity = entity,
            EntityKey = entityKey,
            After = details is null ? null : JsonSerializer.Serialize(details),
            TraceId = Activity.Current?.TraceId.ToString(),
        });
        await db.SaveChangesAsync();
    }

    /// <summary>Newest first; pass the previous page's <see cref="AuditPage.NextBefore"/> to continue (keyset paging).</summary>
    public async Task<AuditPage> PageAsync(long? before, int limit, string? entity = null, string? actor = null)
    {
        limit = Math.Clamp(limit, 1, MaxPageSize);
        var query = db.AuditLog.AsNoTracking();
        if (before is { } b)
            query = query.Where(e => e.Id < b);
        if (!string.IsNullOrWhiteSpace(entity))
            query = query.Where(e => e.Entity == entity);
        if (!string.IsNullOrWhiteSpace(actor))
            query = query.Where(e => e.Actor == actor);
        var items = await query.OrderByDescending(e => e.Id).Take(limit + 1)
            .Select(e => new AuditRecord(e.Id, e.AtUtc, e.Actor, e.ActorKind, e.Action, e.Entity, e.EntityKey, e.Before, e.After))
            .ToListAsync();
        var next = items.Count > limit ? items[limit - 1].Id : (long?)null;
        return new AuditPage(items.Take(limit).ToList(), next);
    }
}
