using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using RegistryConsole.Core.Access;
using RegistryConsole.Core.Projects;
using RegistryConsole.Core.Servers;

namespace RegistryConsole.Core.Persistence.Configurations;

internal sealed class ProjectConfiguration : IEntityTypeConfiguration<Project>
{
    public void Configure(EntityTypeBuilder<Project> builder)
    {
        builder.ToTable("projects");
        builder.HasKey(p => p.Id);
        builder.Property(p => p.Id).HasMaxLength(64);
        builder.Property(p => p.Name).HasMaxLength(128);
        builder.HasIndex(p => p.Name).IsUnique();
    }
}

internal sealed class RegistryConfiguration : IEntityTypeConfiguration<Registry>
{
    public void Configure(EntityTypeBuilder<Registry> builder)
    {
        builder.ToTable("registries");
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Id).HasMaxLength(64);
        builder.Property(r => r.Name).HasMaxLength(128);
        builder.HasIndex(r => new { r.ProjectId, r.Name }).IsUnique();
        builder.HasOne<Project>().WithMany().HasForeignKey(r => r.ProjectId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class RegistryServerConfiguration : IEntityTypeConfiguration<RegistryServer>
{
    public void Configure(EntityTypeBuilder<RegistryServer> builder)
    {
        builder.ToTable("registry_servers");
        builder.HasKey(s => s.Id);
        builder.Property(s => s.Id).HasMaxLength(64);
        builder.Property(s => s.SavedName).HasMaxLength(128);
        builder.Property(s => s.ServerVersion).HasMaxLength(128);
        builder.Property(s => s.Transport).HasMaxLength(16);
        builder.Property(s => s.ReviewStatus).HasMaxLength(16);
        builder.Property(s => s.Revision).IsConcurrencyToken();
        builder.Property(s => s.McpConfig).HasColumnName("McpConfigJson");
        builder.Property(s => s.PendingAuthorsJson).HasDefaultValue("[]");
        builder.HasOne<Registry>().WithMany().HasForeignKey(s => s.RegistryId).OnDelete(DeleteBehavior.Restrict);

        builder.HasIndex(s => new { s.RegistryId, s.SavedName, s.ServerVersion }).IsUnique();

        // The list page filters by registry and active flag and sorts by one of three columns.
        builder.HasIndex(s => new { s.RegistryId, s.IsActive, s.SavedName });
        builder.HasIndex(s => new { s.RegistryId, s.UpdatedAt, s.SavedName, s.ServerVersion });
        builder.HasIndex(s => new { s.RegistryId, s.CreatedAt, s.SavedName, s.ServerVersion });
        builder.HasIndex(s => new { s.RegistryId, s.ReviewStatus });
    }
}

internal sealed class ApiKeyConfiguration : IEntityTypeConfiguration<ApiKey>
{
    public void Configure(EntityTypeBuilder<ApiKey> builder)
    {
        builder.ToTable("api_keys");
        builder.HasKey(k => k.Id);
        builder.Property(k => k.Id).HasMaxLength(64);
        builder.Property(k => k.Name).HasMaxLength(128);
        builder.Property(k => k.Role).HasMaxLength(16);
        builder.Property(k => k.Prefix).HasMaxLength(8);
        builder.Property(k => k.Hash).HasMaxLength(64);
        builder.HasIndex(k => k.Hash).IsUnique();
        builder.HasIndex(k => k.ProjectId);
        builder.HasOne<Project>().WithMany().HasForeignKey(k => k.ProjectId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class GatewayConfiguration : IEntityTypeConfiguration<Gateways.Gateway>
{
    public void Configure(EntityTypeBuilder<Gateways.Gateway> builder)
    {
        builder.ToTable("gateways");
        builder.HasKey(g => g.Id);
        builder.Property(g => g.Id).HasMaxLength(64);
        builder.Property(g => g.SavedName).HasMaxLength(128);
        builder.Property(g => g.Version).HasMaxLength(128);
        builder.Property(g => g.Revision).IsConcurrencyToken();
        builder.Property(g => g.CommonOverrides).HasColumnName("CommonOverridesJson");
        builder.HasIndex(g => new { g.ProjectId, g.SavedName, g.Version }).IsUnique();
        builder.HasIndex(g => new { g.ProjectId, g.IsActive, g.SavedName });
        builder.HasOne<Project>().WithMany().HasForeignKey(g => g.ProjectId).OnDelete(DeleteBehavior.Restrict);
        builder.HasMany(g => g.Servers).WithOne().HasForeignKey(s => s.GatewayId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class GatewayServerConfiguration : IEntityTypeConfiguration<Gateways.GatewayServer>
{
    public void Configure(EntityTypeBuilder<Gateways.GatewayServer> builder)
    {
        builder.ToTable("gateway_servers");
        builder.HasKey(s => s.Id);
        builder.Property(s => s.Id).HasMaxLength(64);
        builder.Property(s => s.Overrides).HasColumnName("OverridesJson");
        builder.HasIndex(s => new { s.GatewayId, s.ServerId }).IsUnique();

        // "Which gateways use this server" is a lookup by server.
        builder.HasIndex(s => s.ServerId);
        builder.HasOne<RegistryServer>().WithMany().HasForeignKey(s => s.ServerId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class ServerSnapshotConfiguration : IEntityTypeConfiguration<Reviews.ServerSnapshot>
{
    public void Configure(EntityTypeBuilder<Reviews.ServerSnapshot> builder)
    {
        builder.ToTable("server_snapshots");
        builder.HasKey(s => s.Id);
        builder.Property(s => s.Id).HasMaxLength(64);
        builder.HasIndex(s => new { s.ServerId, s.Revision }).IsUnique();
        builder.Property(s => s.McpConfig).HasColumnName("McpConfigJson");
        builder.Property(s => s.AuthorsJson).HasDefaultValue("[]");
        builder.HasOne<RegistryServer>().WithMany().HasForeignKey(s => s.ServerId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class AuditEventConfiguration : IEntityTypeConfiguration<Audit.AuditEvent>
{
    public void Configure(EntityTypeBuilder<Audit.AuditEvent> builder)
    {
        builder.ToTable("audit_events");
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Id).HasMaxLength(64);
        builder.Property(e => e.Actor).HasMaxLength(256);
        builder.Property(e => e.Channel).HasMaxLength(16);
        builder.Property(e => e.Action).HasMaxLength(64);
        builder.Property(e => e.EntityType).HasMaxLength(32);
        builder.Property(e => e.EntityName).HasMaxLength(300);
        builder.Property(e => e.EntityNameFolded).HasMaxLength(300);
        builder.Property(e => e.ActorFolded).HasMaxLength(256);
        builder.Property(e => e.Changes).HasColumnName("ChangesJson");
        builder.HasIndex(e => new { e.ProjectId, e.At });
        builder.HasIndex(e => new { e.ProjectId, e.EntityType, e.EntityId, e.At });
        builder.HasIndex(e => new { e.ProjectId, e.Actor, e.At });
    }
}

internal sealed class ChangeStampConfiguration : IEntityTypeConfiguration<ChangeStamp>
{
    public void Configure(EntityTypeBuilder<ChangeStamp> builder)
    {
        builder.ToTable(ChangeStamp.Table);
        builder.HasKey(s => s.Scope);
        builder.Property(s => s.Scope).HasMaxLength(32);
        builder.Property(s => s.Stamp).HasMaxLength(64);
        builder.HasData(ChangeStamp.Scopes.Select(scope => new ChangeStamp { Scope = scope, Stamp = "initial" }));
    }
}
