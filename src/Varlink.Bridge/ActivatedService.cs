using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace Varlink.Bridge;

/// <summary>
/// <c>varlink -A COMMAND bridge</c>, as libvarlink does it and podman-remote 1.x used it
/// (<c>varlink -A 'podman varlink $VARLINK_ADDRESS' bridge</c>): a listening unix socket in a fresh
/// private directory, passed to <c>sh -c COMMAND</c> as socket activation — fd 3, <c>LISTEN_FDS=1</c>,
/// <c>LISTEN_PID</c> = the service's pid, <c>VARLINK_ADDRESS=unix:PATH</c> — then the bridge connects to
/// it. The service lives as long as the bridge: it gets SIGTERM when the bridge ends, and the socket
/// directory is removed.
/// </summary>
internal sealed partial class ActivatedService : IDisposable
{
    private const int SigTerm = 15;
    private readonly string _directory;
    private readonly Socket _listener;
    private readonly int _pid;

    private ActivatedService(string directory, Socket listener, int pid)
    {
        _directory = directory;
        _listener = listener;
        _pid = pid;
    }

    /// <summary>The service's address (<c>unix:PATH</c>), as its <c>$VARLINK_ADDRESS</c> says.</summary>
    public string Address => "unix:" + SocketPath;

    private string SocketPath => Path.Combine(_directory, "io.varlink");

    /// <summary>Listens, then starts <paramref name="command"/> with the listening socket; throws <see cref="IOException"/> when it cannot.</summary>
    public static ActivatedService Start(string command)
    {
        // 0700 directory of our own: only this user can reach the socket inside.
        string directory = Directory.CreateTempSubdirectory("varlink-").FullName;
        var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            string path = Path.Combine(directory, "io.varlink");
            listener.Bind(new UnixDomainSocketEndPoint(path));
            listener.Listen(16);
            int pid = Spawn(command, (int)listener.Handle, "unix:" + path);
            return new ActivatedService(directory, listener, pid);
        }
        catch
        {
            listener.Dispose();
            Directory.Delete(directory, recursive: true);
            throw;
        }
    }

    /// <summary>Stops the service (SIGTERM) and removes its socket.</summary>
    public void Dispose()
    {
        _ = Kill(_pid, SigTerm);
        _listener.Dispose();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // Already gone, or the service left a file behind: the temp directory is not ours to fight over.
        }
    }

    // posix_spawn rather than Process: the listening socket must arrive as fd 3 without CLOEXEC, which only
    // a dup2 in the child (a spawn file action) can do. `sh` sets LISTEN_PID to its own pid, then execs the
    // command in place, so the pid the service sees is the pid announced.
    private static unsafe int Spawn(string command, int listenFd, string address)
    {
        string[] argv =
        [
            "/bin/sh", "-c", "LISTEN_PID=$$; export LISTEN_PID; eval \"exec $1\"", "varlink-activate", command,
        ];
        var env = Environment.GetEnvironmentVariables().Cast<System.Collections.DictionaryEntry>()
            .Select(e => (Key: (string)e.Key, Value: (string?)e.Value))
            .Where(e => e.Key is not ("LISTEN_PID" or "LISTEN_FDS" or "LISTEN_FDNAMES" or "VARLINK_ADDRESS"))
            .Select(e => $"{e.Key}={e.Value}")
            .Append("LISTEN_FDS=1").Append("LISTEN_FDNAMES=varlink").Append("VARLINK_ADDRESS=" + address)
            .ToArray();

        nint* argvp = stackalloc nint[argv.Length + 1];
        nint[] envStrings = new nint[env.Length];
        nint* envp = (nint*)NativeMemory.Alloc((nuint)(env.Length + 1), (nuint)sizeof(nint));
        byte* actions = stackalloc byte[256];   // posix_spawn_file_actions_t is 80 bytes on glibc x86_64
        try
        {
            for (int i = 0; i < argv.Length; i++)
            {
                argvp[i] = Marshal.StringToCoTaskMemUTF8(argv[i]);
            }

            argvp[argv.Length] = 0;
            for (int i = 0; i < env.Length; i++)
            {
                envp[i] = envStrings[i] = Marshal.StringToCoTaskMemUTF8(env[i]);
            }

            envp[env.Length] = 0;
            Check(FileActionsInit(actions), "posix_spawn_file_actions_init");
            try
            {
                // stdin from /dev/null and stdout onto stderr: the bridge's stdin/stdout are the varlink
                // stream, and a service writing there (or holding them open) would corrupt or stall it.
                Check(FileActionsAddOpen(actions, 0, "/dev/null", 0, 0), "posix_spawn_file_actions_addopen");
                Check(FileActionsAddDup2(actions, 2, 1), "posix_spawn_file_actions_adddup2");
                Check(FileActionsAddDup2(actions, listenFd, 3), "posix_spawn_file_actions_adddup2");
                int pid;
                Check(PosixSpawn(&pid, "/bin/sh", actions, null, argvp, envp), "posix_spawn /bin/sh");
                return pid;
            }
            finally
            {
                _ = FileActionsDestroy(actions);
            }
        }
        finally
        {
            for (int i = 0; i < argv.Length; i++)
            {
                Marshal.FreeCoTaskMem(argvp[i]);
            }

            foreach (nint s in envStrings)
            {
                Marshal.FreeCoTaskMem(s);
            }

            NativeMemory.Free(envp);
        }
    }

    private static void Check(int result, string what)
    {
        if (result != 0)
        {
            throw new IOException($"{what} failed: {Marshal.GetPInvokeErrorMessage(result)}");
        }
    }

    [LibraryImport("libc", EntryPoint = "posix_spawn_file_actions_init")]
    private static unsafe partial int FileActionsInit(byte* actions);

    [LibraryImport("libc", EntryPoint = "posix_spawn_file_actions_adddup2")]
    private static unsafe partial int FileActionsAddDup2(byte* actions, int fd, int newFd);

    [LibraryImport("libc", EntryPoint = "posix_spawn_file_actions_addopen", StringMarshalling = StringMarshalling.Utf8)]
    private static unsafe partial int FileActionsAddOpen(byte* actions, int fd, string path, int flags, int mode);

    [LibraryImport("libc", EntryPoint = "posix_spawn_file_actions_destroy")]
    private static unsafe partial int FileActionsDestroy(byte* actions);

    [LibraryImport("libc", EntryPoint = "posix_spawn", StringMarshalling = StringMarshalling.Utf8)]
    private static unsafe partial int PosixSpawn(int* pid, string path, byte* actions, void* attributes, nint* argv, nint* envp);

    [LibraryImport("libc", EntryPoint = "kill")]
    private static partial int Kill(int pid, int signal);
}
