using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using RegistryConsole.Core.Access;
using RegistryConsole.Core.Common;
using RegistryConsole.Core.Persistence;

namespace RegistryConsole.Core.Reviews;

/// <summary>A principal that wrote part of a change: a person (user id) or a service key (key id), with a readable name.</summary>
public sealed record ReviewAuthor(string Id, string Name);

/// <summary>
/// Four eyes (API.md §4): every principal that wrote part of the pending change since the last approval is an author;
/// no author may approve or reject it, nor may a key created by an author (following the chain of keys that minted keys).
/// </summary>
public static class ReviewAuthors
{
    public static IReadOnlyList<ReviewAuthor> Parse(string? json) =>
        string.IsNullOrEmpty(json) ? [] : JsonSerializer.Deserialize<List<ReviewAuthor>>(json, JsonDefaults.Options) ?? [];

    public static string Serialize(IEnumerable<ReviewAuthor> authors) => JsonSerializer.Serialize(authors.ToList(), JsonDefaults.Options);

    /// <summary>The authors with <paramref name="actor"/> added once (by principal id).</summary>
    public static string Add(string? json, Actor actor)
    {
        var authors = Parse(json).ToList();
        if (authors.All(a => a.Id != actor.Id))
        {
            authors.Add(new ReviewAuthor(actor.Id, actor.Name));
        }

        return Serialize(authors);
    }

    /// <summary>Why <paramref name="actor"/> may not decide on a change written by <paramref name="authors"/>; null when they may.</summary>
    public static async Task<string?> RefusalAsync(RegistryDbContext db, IReadOnlyList<ReviewAuthor> authors, Actor actor, CancellationToken cancellationToken)
    {
        if (authors.Any(a => a.Id == actor.Id))
        {
            return "You wrote part of this change since the last approval; the project requires another reviewer to approve or reject it";
        }

        // The key presented, then the key that minted it, and so on: a key minted by an author is the author's second hand.
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var keyId = actor.KeyId;
        while (keyId is not null && seen.Add(keyId))
        {
            var id = keyId;
            var key = await db.ApiKeys.AsNoTracking()
                .Where(k => k.Id == id)
                .Select(k => new { k.Name, k.CreatedById, k.CreatedBy, k.CreatedByKeyId })
                .FirstOrDefaultAsync(cancellationToken);
            if (key is null)
            {
                break;
            }

            if (key.CreatedById is not null && authors.FirstOrDefault(a => a.Id == key.CreatedById) is { } minter)
            {
                return $"The API key '{key.Name}' was created by {key.CreatedBy ?? minter.Name}, who wrote part of this change; the project requires another reviewer";
            }

            keyId = key.CreatedByKeyId;
        }

        return null;
    }
}
