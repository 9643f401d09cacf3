using System.Text.Json.Nodes;
using FluentValidation;
using RegistryConsole.Core.Servers;

namespace RegistryConsole.Core.Reviews;

/// <summary>The body of review-server.</summary>
public sealed record ReviewRequest
{
    public const string Approve = "approve";
    public const string Reject = "reject";

    public string? Decision { get; init; }

    public string? Note { get; init; }
}

public sealed class ReviewRequestValidator : AbstractValidator<ReviewRequest>
{
    public const int MaxNoteLength = 4000;

    public ReviewRequestValidator()
    {
        RuleFor(x => x.Decision).Cascade(CascadeMode.Stop)
            .NotEmpty().WithMessage("is required")
            .Must(d => d is ReviewRequest.Approve or ReviewRequest.Reject).WithMessage("must be 'approve' or 'reject'");
        RuleFor(x => x.Note).MaximumLength(MaxNoteLength).WithMessage($"must be at most {MaxNoteLength} characters");
        RuleFor(x => x.Note).Must(n => !string.IsNullOrWhiteSpace(n)).WithMessage("is required when rejecting: say what must change")
            .When(x => x.Decision == ReviewRequest.Reject);
    }
}

/// <summary>What a reviewer looks at: the served snapshot, the pending revision (both masked) and the findings.</summary>
public sealed record ServerReviewDto
{
    public required ServerDto Server { get; init; }

    /// <summary><c>{server_name, description, mcp_config}</c> as gateways serve it now; null when never approved.</summary>
    public JsonObject? Served { get; init; }

    public int? ServedRevision { get; init; }

    /// <summary><c>{server_name, description, mcp_config}</c> of the current revision.</summary>
    public required JsonObject Pending { get; init; }

    /// <summary>What the change does (served → pending) first, then what the pending configuration holds.</summary>
    public required IReadOnlyList<Finding> Findings { get; init; }

    /// <summary>Top-level <c>mcp_config</c> keys that differ between served and pending (every key when never approved).</summary>
    public IReadOnlyList<string> ChangedKeys { get; init; } = [];

    /// <summary>True when the project requires a distinct reviewer and this actor (or whoever minted its key) wrote part of the pending change.</summary>
    public bool IsOwnChange { get; init; }

    /// <summary>Why this actor may not decide, naming who minted the key when that is the reason; null when they may.</summary>
    public string? Refusal { get; init; }

    /// <summary>Every author of the change since the last approval (display names), in the order they first wrote.</summary>
    public IReadOnlyList<string> Authors { get; init; } = [];

    /// <summary>Who approved the served snapshot.</summary>
    public string? ServedApprovedBy { get; init; }

    /// <summary>Every author of the served snapshot.</summary>
    public IReadOnlyList<string> ServedAuthors { get; init; } = [];
}

/// <summary>Project settings (API.md §6).</summary>
public sealed record ProjectSettingsDto(bool RequireApproval, bool RequireDistinctReviewer, string RegistryNamespace = "", bool PublicCatalog = false);

public sealed record ProjectSettingsPatch
{
    public bool? RequireApproval { get; init; }

    public bool? RequireDistinctReviewer { get; init; }

    public string? RegistryNamespace { get; init; }

    public bool? PublicCatalog { get; init; }
}

public sealed class ProjectSettingsPatchValidator : AbstractValidator<ProjectSettingsPatch>
{
    public ProjectSettingsPatchValidator()
    {
        RuleFor(x => x.RegistryNamespace).Must(Interop.RegistryNamespaces.IsValid!).WithMessage(Interop.RegistryNamespaces.Rule)
            .When(x => x.RegistryNamespace is not null);
    }
}
