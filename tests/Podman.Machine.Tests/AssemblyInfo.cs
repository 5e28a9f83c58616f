// The appliance runs under qemu on Linux; these tests use /proc, unix sockets and file modes.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
