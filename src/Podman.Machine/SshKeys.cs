using Renci.SshNet;
using Renci.SshNet.Security;
using Varlink.Ssh;

namespace Podman.Machine;

/// <summary>
/// ed25519 key pairs made with <c>ssh-keygen</c> (OpenSSH format, no passphrase), and SHA256
/// fingerprints computed the way <c>ssh-keygen -l</c> prints them.
/// </summary>
internal static class SshKeys
{
    /// <summary>Generates an ed25519 key pair at <paramref name="privateKeyPath"/> and <c>.pub</c> beside it.</summary>
    /// <param name="privateKeyPath">Where the private key goes; must not exist yet.</param>
    /// <param name="comment">The key comment.</param>
    /// <param name="cancellationToken">Cancels the generation.</param>
    /// <returns>The SHA256 fingerprint of the new public key, <c>SHA256:…</c>.</returns>
    /// <exception cref="MachineException">ssh-keygen is missing or failed.</exception>
    public static async Task<string> GenerateEd25519Async(string privateKeyPath, string comment, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(privateKeyPath);
        if (File.Exists(privateKeyPath))
        {
            throw new ArgumentException($"The key file {privateKeyPath} already exists.", nameof(privateKeyPath));
        }

        await ToolRunner.RunCheckedAsync(
            "ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", comment, "-f", privateKeyPath],
            TimeSpan.FromSeconds(60), cancellationToken).ConfigureAwait(false);
        return Fingerprint(await File.ReadAllTextAsync(privateKeyPath + ".pub", cancellationToken).ConfigureAwait(false));
    }

    /// <summary>The public key line (<c>ssh-ed25519 AAAA…</c>, no comment) of an unencrypted OpenSSH private key file.</summary>
    /// <param name="privateKeyPath">The private key.</param>
    /// <returns>The key type and the base64 of the public key blob, as in a <c>.pub</c> file.</returns>
    /// <exception cref="MachineException">The file is not an unencrypted private key.</exception>
    public static string PublicKeyLine(string privateKeyPath)
    {
        try
        {
            using var key = new PrivateKeyFile(privateKeyPath);
            byte[] blob = ((KeyHostAlgorithm)key.HostKeyAlgorithms.First()).Data;
            // The blob starts with the key type as an SSH string (uint32 length, then the name).
            int length = System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(blob);
            return $"{System.Text.Encoding.ASCII.GetString(blob, 4, length)} {Convert.ToBase64String(blob)}";
        }
        catch (Exception e) when (e is Renci.SshNet.Common.SshException or InvalidCastException or IOException or ArgumentException)
        {
            throw new MachineException($"{privateKeyPath} is not an unencrypted OpenSSH private key: {e.Message}", e);
        }
    }

    /// <summary>Writes <c>.pub</c> beside <paramref name="privateKeyPath"/> from the private key when it is missing.</summary>
    /// <param name="privateKeyPath">An unencrypted OpenSSH private key.</param>
    /// <exception cref="MachineException">The file is not an unencrypted private key.</exception>
    public static void EnsurePublicKeyFile(string privateKeyPath)
    {
        string path = privateKeyPath + ".pub";
        if (!File.Exists(path))
        {
            File.WriteAllText(path, PublicKeyLine(privateKeyPath) + "\n");
        }
    }

    /// <summary>The SHA256 fingerprint of a public key line (<c>ssh-ed25519 AAAA… comment</c>).</summary>
    /// <param name="publicKeyLine">One line of an OpenSSH <c>.pub</c> file or of <c>authorized_keys</c>.</param>
    /// <returns><c>SHA256:</c> followed by the unpadded base64 of the SHA-256 of the key blob.</returns>
    /// <exception cref="FormatException">The line is not an OpenSSH public key.</exception>
    public static string Fingerprint(string publicKeyLine)
    {
        ArgumentNullException.ThrowIfNull(publicKeyLine);
        string[] fields = publicKeyLine.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length < 2)
        {
            throw new FormatException("A public key line has the form '<type> <base64> [comment]'.");
        }

        return HostKeyFingerprint.Compute(Convert.FromBase64String(fields[1]));
    }
}
