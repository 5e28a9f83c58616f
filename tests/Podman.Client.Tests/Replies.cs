namespace Podman.Client.Tests;

/// <summary>
/// Hand-made io.podman replies in the formats podman 1.9.3's own varlink server wrote (build time as
/// unix seconds, Go durations such as "1h2m3.5s"), which the client still reads: an io.podman that is
/// not ours may answer so. What our service in the appliance really sends is recorded in <c>Replies/</c>
/// (<see cref="Read"/>) and checked by <see cref="RecordedModelTests"/>.
/// </summary>
internal static class Replies
{
    public const string Stats = """
        {"container":{"id":"5b2c","name":"web","cpu":1.5,"cpu_nano":2500000000,"system_nano":90000000000,"mem_usage":1048576,
        "mem_limit":2147483648,"mem_perc":0.05,"net_input":1200,"net_output":800,"block_output":4096,"block_input":8192,"pids":3}}
        """;

    public const string Version = """
        {"version":"4.3.1","go_version":"go1.19.8","git_commit":"","built":"1689000000","os_arch":"linux/amd64","remote_api_version":1}
        """;

    public const string Info = """
        {"info":{"host":{"buildah_version":"1.28.2","distribution":{"distribution":"debian","version":"12"},"mem_free":1500000000,
        "mem_total":2063597568,"swap_free":0,"swap_total":0,"arch":"amd64","cpus":2,"hostname":"boot2podman","kernel":"6.1.0-18-amd64",
        "os":"linux","uptime":"1h2m3.5s","eventlogger":"file"},
        "registries":{"search":["docker.io"],"insecure":["localhost:5000"],"blocked":[]},
        "store":{"containers":2,"images":1,"graph_driver_name":"overlay","graph_driver_options":"","graph_root":"/var/lib/containers/storage",
        "graph_status":{"backing_filesystem":"extfs","native_overlay_diff":"true","supports_d_type":"true"},"run_root":"/run/containers/storage"},
        "podman":{"compiler":"gc","go_version":"go1.19.8","podman_version":"4.3.1","git_commit":""}}}
        """;

    public const string Containers = """
        {"containers":[{"id":"5b2c","image":"localhost/bb:test","imageid":"9f1e","command":["sh","-c","echo hi"],
        "createdat":"2024-05-06T07:08:09.123456789Z","runningfor":"2m","status":"exited","ports":[{"host_port":"8080","host_ip":"",
        "protocol":"tcp","container_port":"80"}],"rootfssize":0,"rwsize":0,"names":"web","labels":{"app":"demo"},
        "mounts":[],"containerrunning":false,"namespaces":{"user":"","uts":"","pidns":"","pid":"","cgroup":"","net":"","mnt":"","ipc":""}}]}
        """;

    /// <summary>
    /// A reply recorded from the appliance into <c>Replies/</c> by <see cref="Vm.RecordedRepliesTests"/>
    /// (<c>PODMAN_CLIENT_RECORD_REPLIES=1</c>).
    /// </summary>
    public static string Read(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Replies", name + ".json"));
}
