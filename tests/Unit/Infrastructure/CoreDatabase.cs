using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using RegistryConsole.Core;
using RegistryConsole.Core.Access;
using RegistryConsole.Core.Persistence;
using RegistryConsole.Core.Projects;
using RegistryConsole.Core.Secrets;

namespace RegistryConsole.Tests.Unit.Infrastructure;

/// <summary>
/// Core services without the web host: a temp SQLite file migrated the way the app does it (the default
/// project included), the real Data Protection secret protector, and actors of every role.
/// </summary>
public sealed class CoreDatabase : IAsyncLifetime
{
    private readonly TempDatabase _database = new();
    private ServiceProvider? _services;

    public string ConnectionString => _database.ConnectionString;

    public IServiceProvider Services => _services ?? throw new InvalidOperationException("Not initialised.");

    public IDbContextFactory<RegistryDbContext> DbFactory => Services.GetRequiredService<IDbContextFactory<RegistryDbContext>>();

    public ISecretProtector Protector => Services.GetRequiredService<ISecretProtector>();

    public string ProjectId { get; private set; } = string.Empty;

    public async ValueTask InitializeAsync()
    {
        var services = new ServiceCollection();
        services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
        services.AddRegistryCore(_ => _database.Settings);
        _services = services.BuildServiceProvider();

        await _services.GetRequiredService<DatabaseInitializer>().InitializeAsync();
        await using var db = await DbFactory.CreateDbContextAsync();
        ProjectId = (await db.Projects.SingleAsync(p => p.Name == Project.DefaultName)).Id;
    }

    public Actor Actor(Role role) => new(ProjectId, Project.DefaultName, $"test-{role}", $"Test {role}", role, Channel.Api);

    /// <summary>A project of its own (so a registry of its own) and an actor in it: tests sharing the database stay apart.</summary>
    public async Task<Actor> NewProjectActorAsync(Role role = Role.Editor)
    {
        var project = new Project { Id = Guid.NewGuid().ToString(), Name = $"p-{Guid.NewGuid():N}", CreatedAt = DateTime.UtcNow };
        await using var db = await DbFactory.CreateDbContextAsync();
        db.Projects.Add(project);
        await db.SaveChangesAsync();
        return new Actor(project.Id, project.Name, $"test-{role}", $"Test {role}", role, Channel.Api);
    }

    /// <summary>The same project as <paramref name="actor"/>, another role.</summary>
    public static Actor As(Actor actor, Role role) => actor with { Role = role, Id = $"test-{role}", Name = $"Test {role}" };

    public async ValueTask DisposeAsync()
    {
        if (_services is not null)
        {
            await _services.DisposeAsync();
        }

        _database.Dispose();
    }
}

/// <summary>A protector that needs no key ring: "enc:" plus the text reversed. Enough to tell stored from plain.</summary>
public sealed class ReversingSecretProtector : ISecretProtector
{
    public const string Marker = "enc:";

    public string Protect(string plaintext) => Marker + new string(plaintext.Reverse().ToArray());

    public string Unprotect(string ciphertext) =>
        ciphertext.StartsWith(Marker, StringComparison.Ordinal)
            ? new string(ciphertext[Marker.Length..].Reverse().ToArray())
            : throw new InvalidOperationException("Not a protected value: " + ciphertext);
}

/// <summary>A clock that moves only when told to.</summary>
public sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset _now = start;

    public ManualClock()
        : this(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero))
    {
    }

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;
}
