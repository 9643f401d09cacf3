namespace RegistryConsole.Core.Interop;

/// <summary>
/// A stdio launch command read as a package of a public registry (npm via npx, PyPI via uvx, OCI via docker run,
/// NuGet via dnx), and back. A command that is none of these is no package: <see cref="Parse"/> returns null.
/// </summary>
public sealed record PackageLaunch(
    string RegistryType,
    string Identifier,
    string? Version,
    string RuntimeHint,
    IReadOnlyList<string> RuntimeArguments,
    IReadOnlyList<string> PackageArguments,
    IReadOnlyList<string> EnvironmentNames)
{
    public const string Npm = "npm";
    public const string Pypi = "pypi";
    public const string Oci = "oci";
    public const string Nuget = "nuget";

    public static string? BaseUrlOf(string registryType) => registryType switch
    {
        Npm => "https://registry.npmjs.org",
        Pypi => "https://pypi.org",
        Nuget => "https://api.nuget.org/v3/index.json",
        _ => null,
    };

    private static readonly string[] NpxFlags = ["-y", "--yes", "-q", "--quiet"];
    private static readonly string[] UvxFlags = ["-q", "--quiet", "--no-cache", "--isolated", "--offline"];
    private static readonly string[] DnxFlags = ["-y", "--yes"];

    // docker run options that take a value as the next argument.
    private static readonly string[] DockerValueOptions =
    [
        "-e", "--env", "-v", "--volume", "-p", "--publish", "--name", "--network", "--net", "--mount", "-u", "--user", "-w", "--workdir",
        "--env-file", "-l", "--label", "--platform", "--entrypoint", "--memory", "-m", "--cpus", "--add-host", "--hostname", "-h", "--pull",
    ];

    public static PackageLaunch? Parse(string command, IReadOnlyList<string> args)
    {
        var program = Path.GetFileNameWithoutExtension(command.Trim()).ToLowerInvariant();
        return program switch
        {
            "npx" => Simple(args, NpxFlags, Npm, "npx", SplitAt),
            "uvx" => Simple(args, UvxFlags, Pypi, "uvx", SplitPypi),
            "dnx" => Simple(args, DnxFlags, Nuget, "dnx", SplitAt),
            "docker" or "podman" => Docker(args, program),
            _ => null,
        };
    }

    /// <summary>The command and arguments that run this package (the runtime's own flags first).</summary>
    public (string Command, List<string> Args) ToCommand()
    {
        var spec = Version is null ? Identifier : RegistryType switch
        {
            Pypi => $"{Identifier}=={Version}",
            _ => $"{Identifier}@{Version}",
        };
        return RegistryType switch
        {
            Oci => (RuntimeHint, ["run", .. RuntimeArguments, .. EnvironmentNames.SelectMany(n => new[] { "-e", n }), Identifier, .. PackageArguments]),
            _ => (RuntimeHint, [.. RuntimeArguments, spec, .. PackageArguments]),
        };
    }

    private static PackageLaunch? Simple(IReadOnlyList<string> args, string[] flags, string registryType, string runtime, Func<string, (string, string?)?> split)
    {
        var runtimeArgs = new List<string>();
        var i = 0;
        while (i < args.Count && args[i].StartsWith('-'))
        {
            if (!flags.Contains(args[i], StringComparer.Ordinal))
            {
                // An option we cannot place (--package, --from, --with, ...) changes what runs: no package.
                return null;
            }

            runtimeArgs.Add(args[i]);
            i++;
        }

        if (i >= args.Count || split(args[i]) is not var (identifier, version))
        {
            return null;
        }

        var rest = args.Skip(i + 1).ToList();
        if (registryType == Nuget && rest.FirstOrDefault() == "--")
        {
            rest.RemoveAt(0);
        }

        return new PackageLaunch(registryType, identifier, version, runtime, runtimeArgs, rest, []);
    }

    private static PackageLaunch? Docker(IReadOnlyList<string> args, string runtime)
    {
        if (args.Count < 2 || args[0] != "run")
        {
            return null;
        }

        var runtimeArgs = new List<string>();
        var env = new List<string>();
        var i = 1;
        while (i < args.Count && args[i].StartsWith('-'))
        {
            var option = args[i];
            if (option is "-e" or "--env" && i + 1 < args.Count && !args[i + 1].Contains('=', StringComparison.Ordinal))
            {
                env.Add(args[i + 1]);
                i += 2;
                continue;
            }

            runtimeArgs.Add(option);
            if (DockerValueOptions.Contains(option, StringComparer.Ordinal) && i + 1 < args.Count)
            {
                runtimeArgs.Add(args[i + 1]);
                i++;
            }

            i++;
        }

        if (i >= args.Count || !IsPinnedImage(args[i]))
        {
            return null;
        }

        return new PackageLaunch(Oci, args[i], null, runtime == "podman" ? "podman" : "docker", runtimeArgs, args.Skip(i + 1).ToList(), env);
    }

    /// <summary>An image reference with a tag or a digest (the contract requires one).</summary>
    private static bool IsPinnedImage(string image)
    {
        if (image.Contains("@sha256:", StringComparison.Ordinal))
        {
            return true;
        }

        var lastSlash = image.LastIndexOf('/');
        var colon = image.IndexOf(':', lastSlash + 1);
        return colon > lastSlash + 1 && colon < image.Length - 1 && !image.Any(char.IsWhiteSpace);
    }

    /// <summary><c>name@1.2.3</c> or <c>@scope/name@1.2.3</c> (the version only when pinned).</summary>
    private static (string, string?)? SplitAt(string spec)
    {
        if (spec.Length == 0 || spec.Any(char.IsWhiteSpace) || spec.StartsWith('.') || spec.Contains("://", StringComparison.Ordinal) || spec.Contains('\\', StringComparison.Ordinal))
        {
            return null;
        }

        var at = spec.LastIndexOf('@');
        if (at <= 0)
        {
            return (spec, null);
        }

        var version = spec[(at + 1)..];
        return (spec[..at], IsPinned(version) ? version : null);
    }

    private static (string, string?)? SplitPypi(string spec)
    {
        var eq = spec.IndexOf("==", StringComparison.Ordinal);
        if (eq > 0)
        {
            var version = spec[(eq + 2)..];
            return (spec[..eq], IsPinned(version) ? version : null);
        }

        return spec.Any(c => c is '<' or '>' or '~' or '=' or '[') ? null : SplitAt(spec);
    }

    /// <summary>A specific version, not a range or a tag such as <c>latest</c>.</summary>
    public static bool IsPinned(string version) =>
        version.Length > 0 && char.IsAsciiDigit(version[0]) && !version.Any(c => c is '^' or '~' or '>' or '<' or '*' or ' ' or '|' or '=')
        && !version.Contains(".x", StringComparison.OrdinalIgnoreCase);
}
