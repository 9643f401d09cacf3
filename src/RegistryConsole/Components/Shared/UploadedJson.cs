using Microsoft.AspNetCore.Components.Forms;
using MudBlazor;

namespace RegistryConsole.Components.Shared;

/// <summary>Reads a JSON file a person uploaded on a paste-or-upload page (bulk add, import), at most 1 MiB like the API.</summary>
public static class UploadedJson
{
    public const long MaxFileBytes = 1024 * 1024;

    /// <summary>The file's text, or null (with a snackbar saying why) when there is no file or it is too large.</summary>
    public static async Task<string?> ReadAsync(IBrowserFile? file, ISnackbar snackbar, string tooLargeAdvice)
    {
        if (file is null)
        {
            return null;
        }

        if (file.Size > MaxFileBytes)
        {
            snackbar.Add($"{file.Name} is larger than 1 MiB{tooLargeAdvice}.", Severity.Error);
            return null;
        }

        await using var stream = file.OpenReadStream(MaxFileBytes);
        using var reader = new StreamReader(stream);
        return await reader.ReadToEndAsync();
    }
}
