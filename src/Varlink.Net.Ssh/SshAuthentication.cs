using System.Text;
using Renci.SshNet;

namespace Varlink.Ssh;

/// <summary>Builds the SSH.NET authentication methods the options ask for: keys first, a password only when set.</summary>
internal static class SshAuthentication
{
    public static AuthenticationMethod[] Methods(SshVarlinkOptions options, string user)
    {
        var keys = new List<IPrivateKeySource>();
        foreach (var path in options.PrivateKeyFiles)
        {
            keys.Add(LoadKey(path, () => new PrivateKeyFile(path, options.PrivateKeyPassphrase)));
        }

        for (var i = 0; i < options.PrivateKeys.Count; i++)
        {
            var text = options.PrivateKeys[i];
            keys.Add(LoadKey($"PrivateKeys[{i}]", () =>
            {
                using var stream = new MemoryStream(Encoding.UTF8.GetBytes(text));
                return new PrivateKeyFile(stream, options.PrivateKeyPassphrase);
            }));
        }

        if (options.UseAgent)
        {
            keys.AddRange(SshAgentKeySource.Load(options.AgentSocketPath));
        }

        var methods = new List<AuthenticationMethod>();
        if (keys.Count > 0)
        {
            methods.Add(new PrivateKeyAuthenticationMethod(user, [.. keys]));
        }

        if (options.Password is not null)
        {
            methods.Add(new PasswordAuthenticationMethod(user, options.Password));
        }

        if (methods.Count == 0)
        {
            throw new ArgumentException("No key to authenticate with (the agent holds none).", nameof(options));
        }

        return [.. methods];
    }

    private static PrivateKeyFile LoadKey(string name, Func<PrivateKeyFile> load)
    {
        try
        {
            return load();
        }
        catch (Exception e) when (e is Renci.SshNet.Common.SshException or IOException or FormatException or ArgumentException)
        {
            throw new ArgumentException($"Cannot read the private key {name}: {e.Message}", nameof(SshVarlinkOptions.PrivateKeyFiles), e);
        }
    }
}
