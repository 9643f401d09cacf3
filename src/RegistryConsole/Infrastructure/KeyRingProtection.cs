using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.DataProtection;

namespace RegistryConsole.Infrastructure;

/// <summary>
/// The Data Protection key ring lives in the database next to the secrets it protects, so it is encrypted with an X.509
/// certificate given in configuration (ASP.NET Core's own <c>ProtectKeysWithCertificate</c>):
/// <c>DataProtection:CertificatePath</c> (a PFX with its private key) and <c>DataProtection:CertificatePassword</c>.
/// Older certificates still decrypt the keys they protected: <c>DataProtection:PreviousCertificates:N:Path/Password</c>.
/// Outside Development the app refuses to start without a certificate unless <c>DataProtection:AllowUnprotectedKeys=true</c>.
/// </summary>
public static class KeyRingProtection
{
    public const string Section = "DataProtection";

    /// <summary>
    /// Reads the certificates from the host's configuration at start-up (appsettings, environment, command line:
    /// a test host passes them with <c>UseSetting</c>).
    /// </summary>
    public static IServiceCollection AddKeyRingProtection(this IServiceCollection services, IConfiguration configuration)
    {
        var builder = services.AddDataProtection();
        if (Current(configuration) is { } certificate)
        {
            builder.ProtectKeysWithCertificate(certificate);
            builder.UnprotectKeysWithAnyCertificate([certificate, .. Previous(configuration).OfType<X509Certificate2>()]);
        }

        return services;
    }

    /// <summary>Refuses to start (throws) outside Development when the key ring would be stored in clear, unless explicitly allowed.</summary>
    public static void EnsureKeyRingProtected(this WebApplication app)
    {
        var configuration = app.Configuration;
        if (Current(configuration) is not null || app.Environment.IsDevelopment())
        {
            return;
        }

        if (configuration.GetValue($"{Section}:AllowUnprotectedKeys", false))
        {
            app.Logger.LogWarning("The Data Protection key ring is stored UNENCRYPTED in the database (DataProtection:AllowUnprotectedKeys=true): whoever reads the database file can decrypt every secret. Set DataProtection:CertificatePath.");
            return;
        }

        throw new InvalidOperationException(
            "The Data Protection key ring would be stored unencrypted next to the secrets it protects. Set DataProtection:CertificatePath " +
            "(a PFX with a private key) and DataProtection:CertificatePassword, or set DataProtection:AllowUnprotectedKeys=true to accept the risk. See docs/security.md.");
    }

    private static X509Certificate2? Current(IConfiguration configuration) =>
        Load(configuration[$"{Section}:CertificatePath"], configuration[$"{Section}:CertificatePassword"]);

    private static IEnumerable<X509Certificate2?> Previous(IConfiguration configuration) =>
        configuration.GetSection($"{Section}:PreviousCertificates").GetChildren().Select(c => Load(c["Path"], c["Password"]));

    private static X509Certificate2? Load(string? path, string? password)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            return null;
        }

        var certificate = X509CertificateLoader.LoadPkcs12FromFile(path, password, X509KeyStorageFlags.EphemeralKeySet);
        return certificate.HasPrivateKey
            ? certificate
            : throw new InvalidOperationException($"{Section}:CertificatePath '{path}' has no private key: the key ring could not be decrypted.");
    }
}
