// The service runs in the Linux appliance only (unix sockets, file modes, POSIX signals).
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
