using FluentValidation;
using RegistryConsole.Core.Common;
using RegistryConsole.Core.Servers;

namespace RegistryConsole.Core.Gateways;

/// <summary>The add-gateway body (API.md §5); also the shape of a modify-gateway patch.</summary>
public sealed record GatewayBody
{
    public string? GatewaySavedName { get; init; }

    /// <summary>Not a field of a gateway: read only to say that the gateway's name goes in <c>gateway_saved_name</c>.</summary>
    public System.Text.Json.Nodes.JsonNode? SavedName { get; init; }

    public string? GatewayVersion { get; init; }

    public string? Description { get; init; }

    public ServersConfigBody? ServersConfig { get; init; }

    /// <summary>Modify only: <c>true</c> restores a deleted gateway.</summary>
    public bool? IsActive { get; init; }
}

public sealed record ServersConfigBody
{
    public OverridesBody? CommonOverrides { get; init; }

    public List<GatewayServerEntryBody?>? Servers { get; init; }
}

/// <summary>The four overridable keys and the gateway-wide <c>server_tools_guardrails_config</c> (API.md §5). Anything else is an unknown field.</summary>
public sealed record OverridesBody
{
    public GuardrailConfigBody? ServerToolsGuardrailsConfig { get; init; }

    public GuardrailConfigBody? InputGuardrailsConfig { get; init; }

    public GuardrailConfigBody? OutputGuardrailsConfig { get; init; }

    public GuardrailConfigBody? ToolGuardrailsConfig { get; init; }

    public bool? EnableServerInfoValidation { get; init; }
}

/// <summary>One entry of <c>servers_config.servers</c>: a server reference and its overrides.</summary>
public sealed record GatewayServerEntryBody
{
    public string? SavedName { get; init; }

    public string? ServerVersion { get; init; }

    public GuardrailConfigBody? InputGuardrailsConfig { get; init; }

    public GuardrailConfigBody? OutputGuardrailsConfig { get; init; }

    public GuardrailConfigBody? ToolGuardrailsConfig { get; init; }

    public bool? EnableServerInfoValidation { get; init; }

    /// <summary>Gateway-wide only: read so that setting it per server is refused with a pointer to <c>common_overrides</c>.</summary>
    public System.Text.Json.Nodes.JsonNode? ServerToolsGuardrailsConfig { get; init; }

    /// <summary>Modify only: <c>true</c> detaches this server.</summary>
    public bool? Remove { get; init; }
}

public sealed class GatewayBodyValidator : AbstractValidator<GatewayBody>
{
    public const string SavedNameMessage =
        "is not a field of a gateway: expected 'gateway_saved_name' for the gateway's name ('saved_name' names a registry server inside servers_config.servers)";

    /// <param name="isPatch">A modify patch may omit the name (it comes from the headers) and may use <c>remove</c>.</param>
    public GatewayBodyValidator(bool isPatch)
    {
        if (isPatch)
        {
            RuleFor(x => x.GatewaySavedName).Must(Identifiers.IsValid).WithMessage(Identifiers.Rule).When(x => x.GatewaySavedName is not null);
        }
        else
        {
            RuleFor(x => x.GatewaySavedName).Cascade(CascadeMode.Stop)
                .NotEmpty().WithMessage("is required")
                .Must(Identifiers.IsValid).WithMessage(Identifiers.Rule);
            RuleFor(x => x.IsActive).Null().WithMessage("unknown field");
        }

        RuleFor(x => x.SavedName).Null().WithMessage(SavedNameMessage);

        RuleFor(x => x.GatewayVersion).Must(Identifiers.IsValid).WithMessage(Identifiers.Rule).When(x => x.GatewayVersion is not null);
        RuleFor(x => x.Description).MaximumLength(ServerBodyValidator.MaxDescriptionLength)
            .WithMessage($"must be at most {ServerBodyValidator.MaxDescriptionLength} characters");
        RuleFor(x => x.ServersConfig!.CommonOverrides).SetValidator(new OverridesBodyValidator()!)
            .OverridePropertyName("servers_config.common_overrides")
            .When(x => x.ServersConfig?.CommonOverrides is not null);
        RuleForEach(x => x.ServersConfig!.Servers).SetValidator(new GatewayServerEntryValidator(isPatch)!)
            .OverridePropertyName("servers_config.servers")
            .When(x => x.ServersConfig?.Servers is not null);
    }
}

public sealed class OverridesBodyValidator : AbstractValidator<OverridesBody>
{
    public OverridesBodyValidator()
    {
        RuleFor(x => x.ServerToolsGuardrailsConfig).SetValidator(new GuardrailConfigValidator(output: false)!);
        RuleFor(x => x.ToolGuardrailsConfig).SetValidator(new GuardrailConfigValidator(output: false)!);
        RuleFor(x => x.InputGuardrailsConfig).SetValidator(new GuardrailConfigValidator(output: false)!);
        RuleFor(x => x.OutputGuardrailsConfig).SetValidator(new GuardrailConfigValidator(output: true)!);
    }
}

public sealed class GatewayServerEntryValidator : AbstractValidator<GatewayServerEntryBody>
{
    public const string GatewayWideMessage =
        "is gateway-wide: set it in servers_config.common_overrides (the runtime reads it from there only), not per server";

    public GatewayServerEntryValidator(bool isPatch)
    {
        RuleFor(x => x).NotNull().WithMessage("must be an object with saved_name");
        RuleFor(x => x.SavedName).Cascade(CascadeMode.Stop)
            .NotEmpty().WithMessage("is required")
            .Must(Identifiers.IsValid).WithMessage(Identifiers.Rule);
        RuleFor(x => x.ServerVersion).Must(Identifiers.IsValid).WithMessage(Identifiers.Rule).When(x => x.ServerVersion is not null);
        RuleFor(x => x.ToolGuardrailsConfig).SetValidator(new GuardrailConfigValidator(output: false)!);
        RuleFor(x => x.InputGuardrailsConfig).SetValidator(new GuardrailConfigValidator(output: false)!);
        RuleFor(x => x.OutputGuardrailsConfig).SetValidator(new GuardrailConfigValidator(output: true)!);
        RuleFor(x => x.ServerToolsGuardrailsConfig).Null().WithMessage(GatewayWideMessage);
        if (!isPatch)
        {
            RuleFor(x => x.Remove).Null().WithMessage("is only allowed in modify-gateway");
        }
    }
}
