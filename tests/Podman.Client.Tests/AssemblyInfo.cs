// Unix sockets and the appliance under qemu: Linux only.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
