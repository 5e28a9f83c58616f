// Like the service, the tests run on Linux only (unix sockets, the appliance under qemu).
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
