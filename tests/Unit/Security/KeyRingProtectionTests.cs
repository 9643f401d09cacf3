using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using RegistryConsole.Tests.Unit.Infrastructure;

namespace RegistryConsole.Tests.Unit.Security;

/// <summary>Issue 8 finding 8: the key ring is encrypted with a configured certificate, and the database file is the owner's only.</summary>
public sealed class KeyRingProtectionTests : IDisposable
{
    private const string Password = "pfx-test-password";

    private readonly ApiFactory _factory = new();
    private readonly string _pfxPath = Path.Combine(Path.GetTempPath(), $"rc-dp-{Guid.NewGuid():N}.pfx");

    private static CancellationToken Ct => Xunit.TestContext.Current.CancellationToken;

    [Fact]
    public void Startup_OutsideDevelopmentWithoutCertificate_IsRefused()
    {
        using var production = _factory.WithWebHostBuilder(builder =>
        {
            builder.UseEnvironment("Production");
            builder.ConfigureAppConfiguration((_, config) => config.AddInMemoryCollection(new Dictionary<string, string?> { ["DataProtection:AllowUnprotectedKeys"] = "false" }));
        });

        var refused = Assert.ThrowsAny<Exception>(() => production.CreateClient());

        Assert.Contains("DataProtection:CertificatePath", refused.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Startup_OutsideDevelopmentWithAllowUnprotectedKeys_Starts()
    {
        using var production = _factory.WithWebHostBuilder(builder => builder.UseEnvironment("Production"));
        using var client = production.CreateClient();

        using var response = await client.GetAsync("/healthz", Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync(Ct));
    }

    [Fact]
    public async Task KeyRing_WithCertificate_IsStoredEncryptedAndSecretsStillRoundTrip()
    {
        WriteCertificate();
        using var protectedApp = _factory.WithWebHostBuilder(builder =>
        {
            builder.UseEnvironment("Production");
            builder.UseSetting("DataProtection:CertificatePath", _pfxPath);
            builder.UseSetting("DataProtection:CertificatePassword", Password);
            builder.ConfigureAppConfiguration((_, config) => config.AddInMemoryCollection(new Dictionary<string, string?> { ["DataProtection:AllowUnprotectedKeys"] = "false" }));
        });
        using var client = protectedApp.CreateClient();
        client.DefaultRequestHeaders.Add("apikey", ApiFactory.AdminKey);

        await client.AddServerOkAsync(ServerBodies.Stdio("dp-fs"));
        using var modify = await client.ModifyServerAsync("dp-fs", """{"description": "kept secret survives a decrypt"}""");

        Assert.Equal(HttpStatusCode.OK, modify.StatusCode);
        var xml = await KeyRingXmlAsync();
        Assert.NotEmpty(xml);
        Assert.All(xml, key =>
        {
            Assert.Contains("EncryptedData", key, StringComparison.Ordinal);
            Assert.DoesNotContain("<value>", key, StringComparison.Ordinal);
        });
    }

    [Fact]
    public void DatabaseFile_CreatedByTheApp_IsOwnerOnly()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        using var client = _factory.CreateClient();

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(_factory.DatabasePath));
    }

    public void Dispose()
    {
        _factory.Dispose();
        File.Delete(_pfxPath);
    }

    private void WriteCertificate()
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=RegistryConsole key ring (test)", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        File.WriteAllBytes(_pfxPath, certificate.Export(X509ContentType.Pfx, Password));
    }

    private async Task<List<string>> KeyRingXmlAsync()
    {
        await using var connection = new SqliteConnection(_factory.ConnectionString);
        await connection.OpenAsync(Ct);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT Xml FROM DataProtectionKeys";
        await using var reader = await command.ExecuteReaderAsync(Ct);
        var rows = new List<string>();
        while (await reader.ReadAsync(Ct))
        {
            rows.Add(reader.GetString(0));
        }

        return rows;
    }
}
