using System.Text;
using Microsoft.EntityFrameworkCore;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Envigil.Kernel.Persistence;

/// <summary>
/// Naming shared by every module's model: snake_case columns, a schema per module on PostgreSQL and a table-name
/// prefix per module on SQLite (which has no schemas), so the hand-written migration SQL and the model agree.
/// </summary>
public static class ModuleModelConventions
{
    public static void Apply(ModelBuilder model, string module, bool postgres)
    {
        foreach (var entity in model.Model.GetEntityTypes())
        {
            var table = entity.GetTableName();
            if (table is null || entity.IsOwned())
                continue;
            // The audit log is the kernel's table, written by every module in its own transaction.
            var owner = entity.ClrType == typeof(Audit.AuditEntry) ? "kernel" : module;
            if (postgres)
            {
                entity.SetSchema(owner);
                entity.SetTableName(table);
            }
            else
            {
                entity.SetSchema(null);
                entity.SetTableName($"{owner}_{table}");
            }

            foreach (var property in entity.GetProperties())
            {
                property.SetColumnName(SnakeCase(property.Name));
                // SQLite stores text without an offset and reads it back as Unspecified; every stored time is UTC.
                if (!postgres && property.ClrType == typeof(DateTime))
                    property.SetValueConverter(UtcDateTime);
                else if (!postgres && property.ClrType == typeof(DateTime?))
                    property.SetValueConverter(NullableUtcDateTime);
            }

            foreach (var key in entity.GetKeys())
                key.SetName(SnakeCase(key.GetName()!));
            foreach (var index in entity.GetIndexes())
                index.SetDatabaseName(SnakeCase(index.GetDatabaseName()!));
            foreach (var foreignKey in entity.GetForeignKeys())
                foreignKey.SetConstraintName(SnakeCase(foreignKey.GetConstraintName()!));
        }
    }

    private static readonly ValueConverter<DateTime, DateTime> UtcDateTime =
        new(value => value, value => DateTime.SpecifyKind(value, DateTimeKind.Utc));

    private static readonly ValueConverter<DateTime?, DateTime?> NullableUtcDateTime =
        new(value => value, value => value.HasValue ? DateTime.SpecifyKind(value.Value, DateTimeKind.Utc) : value);

    /// <summary>
    /// Every module's DbContext maps the kernel's audit log, so <see cref="Audit.AuditInterceptor"/> writes the entry
    /// for a change in the same transaction as the change (a kernel contract, the one table modules share).
    /// </summary>
    public static void MapAuditLog(ModelBuilder model) =>
        model.Entity<Audit.AuditEntry>(entry =>
        {
            entry.ToTable("audit_log");
            entry.HasKey(e => e.Id);
            entry.HasIndex(e => e.AtUtc);
        });

    public static string SnakeCase(string name)
    {
        var builder = new StringBuilder(name.Length + 8);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (char.IsUpper(c))
            {
                var previousIsLowerOrDigit = i > 0 && (char.IsLower(name[i - 1]) || char.IsDigit(name[i - 1]));
                var nextIsLower = i + 1 < name.Length && char.IsLower(name[i + 1]);
                var previousIsUpper = i > 0 && char.IsUpper(name[i - 1]);
                if (i > 0 && name[i - 1] != '_' && (previousIsLowerOrDigit || (previousIsUpper && nextIsLower)))
                    builder.Append('_');
                builder.Append(char.ToLowerInvariant(c));
            }
            else
            {
                builder.Append(c);
            }
        }
        return builder.ToString();
    }

    /// <summary>
    /// SQLite stores geometry as WKB (no SpatiaLite needed); lookups run in memory with NetTopologySuite.
    /// Map geometry properties with it explicitly when the provider is SQLite.
    /// </summary>
    public static ValueConverter GeometryAsWkb => WkbConverter.Instance;

    private sealed class WkbConverter() : ValueConverter<Geometry, byte[]>(
        geometry => new WKBWriter().Write(geometry),
        bytes => Read(bytes))
    {
        public static readonly WkbConverter Instance = new();

        private static Geometry Read(byte[] bytes)
        {
            var geometry = new WKBReader().Read(bytes);
            geometry.SRID = 4326; // WKB carries no SRID; every stored geometry is WGS84
            return geometry;
        }
    }
}
