using System.Diagnostics;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Envigil.Kernel.Audit;

/// <summary>
/// Writes an <see cref="AuditEntry"/> for every entity added, changed or deleted through a module's DbContext, in the
/// same transaction as the change, so no write escapes the log. Secrets are never copied into the log.
/// </summary>
public sealed class AuditInterceptor(IAuditActorAccessor actors, TimeProvider time) : SaveChangesInterceptor
{
    private static readonly HashSet<string> Secret = new(StringComparer.Ordinal)
    {
        "PasswordHash", "SecurityStamp", "ConcurrencyStamp", "TokenHash", "Secret",
    };

    private static readonly AsyncLocal<bool> Suppressed = new();

    /// <summary>
    /// For bulk loads that record one summary entry instead (e.g. the 3,355 official units at first start): while
    /// the returned scope lives, entity changes on this async flow are not logged one by one.
    /// </summary>
    public static IDisposable SuppressPerEntityEntries()
    {
        Suppressed.Value = true;
        return new Restore();
    }

    private sealed class Restore : IDisposable
    {
        public void Dispose() => Suppressed.Value = false;
    }

    // Entries whose entity gets its key from the database (identity columns): the key is known only after the save.
    private readonly List<(AuditEntry Audit, EntityEntry Entity)> _awaitingKeys = [];

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        if (FillKeys() && eventData.Context is { } context)
            context.SaveChanges();
        return result;
    }

    public override async ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        if (FillKeys() && eventData.Context is { } context)
            await context.SaveChangesAsync(cancellationToken);
        return result;
    }

    private bool FillKeys()
    {
        if (_awaitingKeys.Count == 0)
            return false;
        foreach (var (audit, entity) in _awaitingKeys)
        {
            audit.EntityKey = KeyOf(entity);
            audit.After = Snapshot(entity, original: false);
        }
        _awaitingKeys.Clear();
        return true;
    }

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        AddEntries(eventData.Context);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(
        DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        AddEntries(eventData.Context);
        return ValueTask.FromResult(result);
    }

    private void AddEntries(DbContext? context)
    {
        if (context is null || Suppressed.Value)
            return;
        if (context.Model.FindEntityType(typeof(AuditEntry)) is null)
            throw new InvalidOperationException($"{context.GetType().Name} must map the audit log: call ModuleModelConventions.MapAuditLog(model) in OnModelCreating.");
        var actor = actors.Current;
        var now = time.GetUtcNow().UtcDateTime;
        var traceId = Activity.Current?.TraceId.ToString();
        var entries = context.ChangeTracker.Entries()
            .Where(e => e.Entity is not AuditEntry && e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted)
            .ToList();
        foreach (var entry in entries)
        {
            if (entry.State == EntityState.Modified && !entry.Properties.Any(p => p.IsModified && !Secret.Contains(p.Metadata.Name)) &&
                !entry.Properties.Any(p => p.IsModified && p.Metadata.Name == "PasswordHash"))
            {
                continue; // only a concurrency stamp moved: nothing a reader of the log cares about
            }

            var audit = new AuditEntry
            {
                AtUtc = now,
                Actor = actor.Name,
                ActorKind = actor.Kind,
                Action = entry.State switch
                {
                    EntityState.Added => "created",
                    EntityState.Deleted => "deleted",
                    _ => "updated",
                },
                Entity = EntityName(entry),
                EntityKey = KeyOf(entry),
                Before = entry.State == EntityState.Added ? null : Snapshot(entry, original: true),
                After = entry.State == EntityState.Deleted ? null : Snapshot(entry, original: false),
                TraceId = traceId,
            };
            context.Add(audit);
            if (entry.State == EntityState.Added && entry.Properties.Any(p => p.Metadata.IsPrimaryKey() && p.IsTemporary))
                _awaitingKeys.Add((audit, entry));
        }
    }

    /// <summary>
    /// <c>module.table</c> on both providers (PostgreSQL schema <c>kernel</c> + table, SQLite table <c>kernel_table</c>),
    /// so the log reads the same whichever database holds it.
    /// </summary>
    public static string EntityName(EntityEntry entry)
    {
        var table = entry.Metadata.GetTableName() ?? entry.Metadata.ClrType.Name;
        if (entry.Metadata.GetSchema() is { } schema)
            return $"{schema}.{table}";
        var separator = table.IndexOf('_');
        return separator > 0 ? $"{table[..separator]}.{table[(separator + 1)..]}" : table;
    }

    private static string KeyOf(EntityEntry entry)
    {
        var key = entry.Metadata.FindPrimaryKey();
        return key is null ? "" : string.Join("|", key.Properties.Select(p => entry.Property(p.Name).CurrentValue?.ToString() ?? ""));
    }

    private static string Snapshot(EntityEntry entry, bool original)
    {
        var values = new SortedDictionary<string, object?>(StringComparer.Ordinal);
        // An update shows only what changed (and the key); a creation or deletion shows the whole record.
        var properties = entry.State == EntityState.Modified
            ? entry.Properties.Where(p => p.IsModified || p.Metadata.IsPrimaryKey())
            : entry.Properties;
        foreach (var property in properties)
        {
            var name = property.Metadata.Name;
            var value = original ? property.OriginalValue : property.CurrentValue;
            values[name] = Secret.Contains(name)
                ? (value is null ? null : "(secret)")
                : value switch
                {
                    NetTopologySuite.Geometries.Geometry geometry => $"{geometry.GeometryType} ({geometry.NumPoints} points)",
                    _ => value,
                };
        }
        return JsonSerializer.Serialize(values);
    }
}
