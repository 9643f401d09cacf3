using Microsoft.AspNetCore.DataProtection;

namespace RegistryConsole.Core.Secrets;

/// <summary>Encrypts secret values at rest.</summary>
public interface ISecretProtector
{
    string Protect(string plaintext);

    string Unprotect(string ciphertext);
}

/// <summary>ASP.NET Core Data Protection, with its key ring persisted in the database so every instance can decrypt.</summary>
public sealed class DataProtectionSecretProtector(IDataProtectionProvider provider) : ISecretProtector
{
    private readonly IDataProtector _protector = provider.CreateProtector("RegistryConsole.Secrets.v1");

    public string Protect(string plaintext) => _protector.Protect(plaintext);

    public string Unprotect(string ciphertext) => _protector.Unprotect(ciphertext);
}
