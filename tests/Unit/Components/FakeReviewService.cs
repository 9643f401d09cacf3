using System.Text.Json.Nodes;
using RegistryConsole.Core.Access;
using RegistryConsole.Core.Common;
using RegistryConsole.Core.Reviews;
using RegistryConsole.Core.Servers;

namespace RegistryConsole.Tests.Unit.Components;

/// <summary>A hand-written <see cref="IReviewService"/>: a pending list, scripted reviews and settings, every call recorded.</summary>
public sealed class FakeReviewService : IReviewService
{
    public List<ServerDto> Pending { get; } = [];

    public Dictionary<ServerKey, ServerReviewDto> Reviews { get; } = [];

    public ProjectSettingsDto Settings { get; set; } = new(RequireApproval: true, RequireDistinctReviewer: true);

    public List<(ServerKey Key, JsonObject Body, int? ExpectedRevision)> ReviewCalls { get; } = [];

    public List<JsonObject> SettingsCalls { get; } = [];

    public List<PageRequest> ListCalls { get; } = [];

    public int CountCalls { get; private set; }

    /// <summary>While set and not completed, list and get calls wait on it.</summary>
    public TaskCompletionSource? Gate { get; set; }

    public Error? ListError { get; set; }

    public Error? GetError { get; set; }

    public Func<ServerKey, JsonObject, int?, Result<ServerDto>>? OnReview { get; set; }

    public Func<JsonObject, Result<ProjectSettingsDto>>? OnModifySettings { get; set; }

    public Task<Result<ServerDto>> ReviewAsync(ServerKey key, JsonObject body, int? expectedRevision, Actor actor, CancellationToken cancellationToken = default)
    {
        ReviewCalls.Add((key, body, expectedRevision));
        if (OnReview is not null)
        {
            return Task.FromResult(OnReview(key, body, expectedRevision));
        }

        var decision = (string?)body["decision"];
        return Task.FromResult(Reviews.TryGetValue(key, out var review)
            ? Result<ServerDto>.Success(review.Server with { ReviewStatus = decision == "approve" ? ReviewStatuses.Approved : ReviewStatuses.Rejected, Revision = review.Server.Revision })
            : Result<ServerDto>.Failure(Error.NotFound($"{key} not found")));
    }

    public async Task<Result<Page<ServerDto>>> ListPendingAsync(PageRequest page, Actor actor, CancellationToken cancellationToken = default)
    {
        ListCalls.Add(page);
        if (Gate is not null)
        {
            await Gate.Task.WaitAsync(cancellationToken);
        }

        if (ListError is not null)
        {
            return ListError;
        }

        return new Page<ServerDto>(Pending.Skip((page.Page - 1) * page.PerPage).Take(page.PerPage).ToList(), page.Page, page.PerPage, Pending.Count);
    }

    public Task<int> CountPendingAsync(Actor actor, CancellationToken cancellationToken = default)
    {
        CountCalls++;
        return Task.FromResult(Pending.Count);
    }

    public async Task<Result<ServerReviewDto>> GetReviewAsync(ServerKey key, Actor actor, CancellationToken cancellationToken = default)
    {
        if (Gate is not null)
        {
            await Gate.Task.WaitAsync(cancellationToken);
        }

        if (GetError is not null)
        {
            return GetError;
        }

        return Reviews.TryGetValue(key, out var review) ? review : Error.NotFound($"{key} not found");
    }

    public Task<Result<ProjectSettingsDto>> GetSettingsAsync(Actor actor, CancellationToken cancellationToken = default) =>
        Task.FromResult(actor.Require(Permission.Administer) is { } forbidden ? Result<ProjectSettingsDto>.Failure(forbidden) : Result<ProjectSettingsDto>.Success(Settings));

    public Task<Result<ProjectSettingsDto>> ModifySettingsAsync(JsonObject body, Actor actor, CancellationToken cancellationToken = default)
    {
        SettingsCalls.Add(body);
        if (OnModifySettings is not null)
        {
            return Task.FromResult(OnModifySettings(body));
        }

        Settings = new ProjectSettingsDto(
            body["require_approval"] is JsonValue a ? a.GetValue<bool>() : Settings.RequireApproval,
            body["require_distinct_reviewer"] is JsonValue d ? d.GetValue<bool>() : Settings.RequireDistinctReviewer);
        return Task.FromResult(Result<ProjectSettingsDto>.Success(Settings));
    }
}
