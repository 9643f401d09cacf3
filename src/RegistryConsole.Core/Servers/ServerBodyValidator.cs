using System.Text.RegularExpressions;
using FluentValidation;
using FluentValidation.Results;
using RegistryConsole.Core.Common;

namespace RegistryConsole.Core.Servers;

/// <summary>Every rule of API.md §2 that needs no database.</summary>
public sealed class ServerBodyValidator : AbstractValidator<ServerBody>
{
    public const int MaxDescriptionLength = InputLimits.DescriptionLength;

    public ServerBodyValidator()
    {
        RuleFor(x => x.SavedName).Cascade(CascadeMode.Stop)
            .NotEmpty().WithMessage("is required")
            .Must(Identifiers.IsValid).WithMessage(Identifiers.Rule);
        RuleFor(x => x.ServerVersion).Must(Identifiers.IsValid).WithMessage(Identifiers.Rule)
            .When(x => x.ServerVersion is not null);
        RuleFor(x => x.Description).MaximumLength(MaxDescriptionLength)
            .WithMessage($"must be at most {MaxDescriptionLength} characters");
        RuleFor(x => x.JobId).Must(v => Guid.TryParse(v, out _)).WithMessage("must be a UUID")
            .When(x => x.JobId is not null);
        RuleFor(x => x.SourceUrl).Url().When(x => x.SourceUrl is not null);
        RuleFor(x => x.McpConfig).Cascade(CascadeMode.Stop)
            .NotNull().WithMessage("is required")
            .SetValidator(new McpConfigValidator()!);
    }
}

public sealed class McpConfigValidator : AbstractValidator<McpConfigBody>
{
    public McpConfigValidator()
    {
        RuleFor(x => x.Config).Cascade(CascadeMode.Stop)
            .NotNull().WithMessage("is required")
            .SetValidator(new ServerConfigValidator()!);
        RuleFor(x => x.OauthConfig).SetValidator(new OAuthConfigValidator()!).When(x => x.OauthConfig is not null);
        RuleFor(x => x.Tools).Custom((tools, context) =>
        {
            foreach (var (name, description) in tools ?? [])
            {
                if (string.IsNullOrWhiteSpace(name))
                {
                    context.AddFailureAt(context.PropertyPath, "tool names must not be empty");
                }
                else if (description is null)
                {
                    context.AddFailureAt($"{context.PropertyPath}.{name}", "must be a string (the tool's description)");
                }
            }
        });
        RuleForEach(x => x.DeniedTools).Custom((entry, context) =>
        {
            if (entry is null)
            {
                context.AddFailureAt(context.PropertyPath, "must be a glob string or an object with a 'name'");
            }
            else if (entry.Problems.Count > 0)
            {
                foreach (var (field, message) in entry.Problems)
                {
                    context.AddFailureAt($"{context.PropertyPath}.{field}", message);
                }
            }
            else if (string.IsNullOrWhiteSpace(entry.Name))
            {
                context.AddFailureAt(entry.IsGlobString ? context.PropertyPath : $"{context.PropertyPath}.name", "must be a non-empty glob");
            }
        });
        RuleFor(x => x.ToolGuardrailsConfig).SetValidator(new GuardrailConfigValidator(output: false)!);
        RuleFor(x => x.InputGuardrailsConfig).SetValidator(new GuardrailConfigValidator(output: false)!);
        RuleFor(x => x.OutputGuardrailsConfig).SetValidator(new GuardrailConfigValidator(output: true)!);
    }
}

public sealed class ServerConfigValidator : AbstractValidator<ServerConfigBody>
{
    public const string EnvKeyPattern = "^[A-Za-z_][A-Za-z0-9_]*$";

    public static readonly IReadOnlyList<string> RemoteTransports = ["http", "sse", "streamable_http"];

    public ServerConfigValidator()
    {
        RuleFor(x => x).Custom((config, context) =>
        {
            if ((config.Command is null) == (config.Url is null))
            {
                context.AddFailureAt(context.PropertyPath, "must have exactly one of 'command' (stdio) or 'url' (remote)");
            }
        });

        RuleFor(x => x.Command).Cascade(CascadeMode.Stop)
            .Must(c => !string.IsNullOrWhiteSpace(c)).WithMessage("must not be empty")
            .Must(c => !c!.Any(char.IsControl)).WithMessage("must not contain control characters")
            .When(x => x.Command is not null);
        RuleForEach(x => x.Args).NotNull().WithMessage("must be a string");
        RuleFor(x => x.Env).Custom((env, context) =>
        {
            foreach (var (key, value) in env ?? [])
            {
                if (!EnvKey().IsMatch(key))
                {
                    context.AddFailureAt($"{context.PropertyPath}.{key}", "environment variable names must match [A-Za-z_][A-Za-z0-9_]*");
                }
                else if (value is null)
                {
                    context.AddFailureAt($"{context.PropertyPath}.{key}", "must be a string");
                }
            }
        });

        RuleFor(x => x.Url).Url().When(x => x.Url is not null);
        RuleFor(x => x.Type).Must(IsTransportFor).WithMessage(TransportMessage).When(x => x.Type is not null);
        RuleFor(x => x.Transport).Must(IsTransportFor).WithMessage(TransportMessage).When(x => x.Transport is not null);
        RuleFor(x => x.Transport).Equal(x => x.Type).WithMessage("must equal 'type' when both are given")
            .When(x => x.Type is not null && x.Transport is not null);
        RuleFor(x => x.Headers).Custom((headers, context) =>
        {
            foreach (var (name, value) in headers ?? [])
            {
                if (HeaderRules.Problem(name, value) is { } problem)
                {
                    context.AddFailureAt($"{context.PropertyPath}.{name}", problem);
                }
            }
        });

        // Stdio and remote keys do not mix: a stray key is a mistake the runtime would silently ignore.
        RuleFor(x => x.Args).Null().WithMessage("is only for stdio servers (with 'command')").When(x => x.Url is not null && x.Command is null);
        RuleFor(x => x.Env).Null().WithMessage("is only for stdio servers (with 'command')").When(x => x.Url is not null && x.Command is null);
        RuleFor(x => x.Headers).Null().WithMessage("is only for remote servers (with 'url')").When(x => x.Command is not null && x.Url is null);
    }

    private static bool IsTransportFor(ServerConfigBody config, string? value) =>
        config.Command is not null ? value == "stdio" : RemoteTransports.Contains(value);

    private static string TransportMessage(ServerConfigBody config) =>
        config.Command is not null ? "must be 'stdio' for a server with 'command'" : "must be one of http, sse, streamable_http";

    private static readonly Regex EnvKeyRegex = WholeMatch.Of(EnvKeyPattern);

    private static Regex EnvKey() => EnvKeyRegex;
}

public sealed class OAuthConfigValidator : AbstractValidator<OAuthConfigBody>
{
    public const string ClientCredentials = "client_credentials";
    public const string AuthorizationCode = "authorization_code";
    public const string ExtraKeyPattern = "^OAUTH_[A-Z0-9_]+$";

    public static readonly IReadOnlyList<string> Versions = ["2.0", "2.1"];

    public static readonly IReadOnlyList<string> GrantTypes = [ClientCredentials, AuthorizationCode];

    public OAuthConfigValidator()
    {
        RuleFor(x => x.Extra).Custom((extra, context) =>
        {
            foreach (var key in extra?.Keys ?? Enumerable.Empty<string>())
            {
                if (!ExtraKey().IsMatch(key))
                {
                    var parent = context.PropertyPath[..Math.Max(0, context.PropertyPath.LastIndexOf('.'))];
                    context.AddFailureAt(JsonPath.Combine(parent, key), "unknown field");
                }
            }
        });
        RuleFor(x => x.Version).Must(v => Versions.Contains(v)).WithMessage("must be '2.0' or '2.1'").When(x => x.Version is not null);
        RuleFor(x => x.GrantType).Must(v => GrantTypes.Contains(v))
            .WithMessage($"must be '{ClientCredentials}' or '{AuthorizationCode}'").When(x => x.GrantType is not null);
        RuleFor(x => x.TokenExpiryBuffer).GreaterThanOrEqualTo(0).WithMessage("must be 0 or more");
        RuleFor(x => x.TokenUrl).Url().When(x => !string.IsNullOrEmpty(x.TokenUrl));
        RuleFor(x => x.AuthorizationUrl).Url().When(x => !string.IsNullOrEmpty(x.AuthorizationUrl));
        RuleFor(x => x.RevocationUrl).Url().When(x => !string.IsNullOrEmpty(x.RevocationUrl));
        RuleFor(x => x.RedirectUri).Url().When(x => !string.IsNullOrEmpty(x.RedirectUri));
        RuleFor(x => x.CustomHeaders).Custom((headers, context) =>
        {
            foreach (var (name, value) in headers ?? [])
            {
                var text = value is System.Text.Json.Nodes.JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
                if (HeaderRules.Problem(name, text) is { } problem)
                {
                    var parent = context.PropertyPath[..Math.Max(0, context.PropertyPath.LastIndexOf('.'))];
                    context.AddFailureAt(JsonPath.Combine(parent, $"OAUTH_CUSTOM_HEADERS.{name}"), problem);
                }
            }
        });

        When(x => x.Enabled == true, () =>
        {
            RuleFor(x => x.GrantType).NotEmpty().WithMessage("is required when OAuth is enabled");
            // No client id required: an authorization-code flow with PKCE, or a client registered at run time, has none.
            RuleFor(x => x.TokenUrl).NotEmpty().WithMessage("is required when OAuth is enabled");
            RuleFor(x => x.AuthorizationUrl).NotEmpty().WithMessage("is required for the authorization_code grant")
                .When(x => x.GrantType == AuthorizationCode);
        });
    }

    private static readonly Regex ExtraKeyRegex = WholeMatch.Of(ExtraKeyPattern);

    private static Regex ExtraKey() => ExtraKeyRegex;
}

public sealed class GuardrailConfigValidator : AbstractValidator<GuardrailConfigBody>
{
    public static readonly IReadOnlyList<string> Detectors =
    [
        "policy_violation", "injection_attack", "topic_detector", "nsfw", "toxicity", "pii",
        "keyword_detector", "bias", "sponge_attack", "system_prompt", "copyright_ip",
    ];

    public static readonly IReadOnlyList<string> OutputOnlyDetectors = ["hallucination", "adherence", "relevancy"];

    public GuardrailConfigValidator(bool output)
    {
        RuleFor(x => x.GuardrailName).NotEmpty().WithMessage("is required when enabled is true").When(x => x.Enabled == true);
        RuleForEach(x => x.Block).Must(d => d is not null && (Detectors.Contains(d) || (output && OutputOnlyDetectors.Contains(d))))
            .WithMessage((_, d) => OutputOnlyDetectors.Contains(d ?? string.Empty)
                ? $"'{d}' is an output-only detector"
                : $"unknown detector '{d}'; expected one of {string.Join(", ", output ? Detectors.Concat(OutputOnlyDetectors) : Detectors)}");
    }
}

public static class UrlRules
{
    public const string HttpMessage = "must be an absolute http or https URL";

    public const string UserInfoMessage = "must not carry credentials (user:password@): send them in a secret header instead";

    public static bool IsHttpUrl(string? value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps) && !string.IsNullOrEmpty(uri.Host);

    /// <summary>Every URL field: absolute http or https, and no credentials in the user-info (they would be stored and shown in clear).</summary>
    public static IRuleBuilderOptions<T, string?> Url<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Must(IsHttpUrl).WithMessage(HttpMessage)
            .Must(v => !Uri.TryCreate(v, UriKind.Absolute, out var uri) || string.IsNullOrEmpty(uri.UserInfo)).WithMessage(UserInfoMessage);
}

/// <summary>A header (remote <c>headers</c> or <c>OAUTH_CUSTOM_HEADERS</c>): a token name, a string value without CR or LF.</summary>
public static class HeaderRules
{
    public static string? Problem(string name, string? value)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Any(c => char.IsControl(c) || c == ':' || char.IsWhiteSpace(c) || c > '\u007e'))
        {
            return "is not a valid header name";
        }

        if (value is null)
        {
            return "must be a string";
        }

        return value.Any(c => c is '\r' or '\n' or '\0') ? "must not contain CR, LF or NUL (header injection)" : null;
    }
}

internal static class ValidationContextExtensions
{
    /// <summary>
    /// Adds a failure at a complete JSON path. <c>AddFailure(propertyName, message)</c> would prefix the parent chain
    /// again, so a path built from <c>context.PropertyPath</c> inside a child validator came out doubled
    /// (<c>mcp_config.config.mcp_config.config.env.X</c>).
    /// </summary>
    public static void AddFailureAt<T>(this ValidationContext<T> context, string path, string message) =>
        context.AddFailure(new ValidationFailure(path, message));
}
