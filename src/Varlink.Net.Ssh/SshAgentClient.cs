using System.Buffers.Binary;
using System.Net.Sockets;
using System.Text;

namespace Varlink.Ssh;

/// <summary>
/// A minimal ssh-agent client (the agent protocol over its unix socket): list the identities and sign
/// with one. SSH.NET has no agent support of its own; this plugs the agent's keys into it.
/// </summary>
internal sealed class SshAgentClient(string socketPath)
{
    private const byte Failure = 5;
    private const byte RequestIdentities = 11;
    private const byte IdentitiesAnswer = 12;
    private const byte SignRequest = 13;
    private const byte SignResponse = 14;
    private const int MaxReply = 256 * 1024;

    /// <summary>The agent's socket.</summary>
    public string SocketPath { get; } = socketPath;

    /// <summary>Returns the agent's public key blobs and their comments.</summary>
    public IReadOnlyList<(byte[] KeyBlob, string Comment)> ListIdentities()
    {
        var reply = Request([RequestIdentities], IdentitiesAnswer);
        var reader = new WireReader(reply);
        var count = reader.UInt32();
        var keys = new List<(byte[], string)>();
        for (var i = 0u; i < count; i++)
        {
            keys.Add((reader.Bytes(), Encoding.UTF8.GetString(reader.Bytes())));
        }

        return keys;
    }

    /// <summary>Signs <paramref name="data"/> with the key <paramref name="keyBlob"/>; returns the SSH signature blob.</summary>
    public byte[] Sign(byte[] keyBlob, byte[] data, uint flags)
    {
        var request = new byte[1 + 4 + keyBlob.Length + 4 + data.Length + 4];
        request[0] = SignRequest;
        var at = 1;
        at = WriteBytes(request, at, keyBlob);
        at = WriteBytes(request, at, data);
        BinaryPrimitives.WriteUInt32BigEndian(request.AsSpan(at), flags);
        var reply = Request(request, SignResponse);
        return new WireReader(reply).Bytes();
    }

    private byte[] Request(byte[] message, byte expected)
    {
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            socket.Connect(new UnixDomainSocketEndPoint(SocketPath));
        }
        catch (SocketException e)
        {
            throw new IOException($"Cannot reach the ssh-agent at {SocketPath}: {e.Message}", e);
        }

        var frame = new byte[4 + message.Length];
        BinaryPrimitives.WriteUInt32BigEndian(frame, (uint)message.Length);
        message.CopyTo(frame, 4);
        socket.Send(frame);

        var header = ReadExactly(socket, 4);
        var length = BinaryPrimitives.ReadUInt32BigEndian(header);
        if (length is 0 or > MaxReply)
        {
            throw new IOException($"The ssh-agent at {SocketPath} sent a reply of {length} bytes.");
        }

        var reply = ReadExactly(socket, (int)length);
        if (reply[0] == Failure)
        {
            throw new IOException($"The ssh-agent at {SocketPath} refused the request.");
        }

        if (reply[0] != expected)
        {
            throw new IOException($"The ssh-agent at {SocketPath} answered with message type {reply[0]}, expected {expected}.");
        }

        return reply[1..];
    }

    private static byte[] ReadExactly(Socket socket, int count)
    {
        var buffer = new byte[count];
        var read = 0;
        while (read < count)
        {
            var n = socket.Receive(buffer, read, count - read, SocketFlags.None);
            if (n == 0)
            {
                throw new IOException("The ssh-agent closed the connection mid-reply.");
            }

            read += n;
        }

        return buffer;
    }

    private static int WriteBytes(byte[] target, int at, byte[] value)
    {
        BinaryPrimitives.WriteUInt32BigEndian(target.AsSpan(at), (uint)value.Length);
        value.CopyTo(target, at + 4);
        return at + 4 + value.Length;
    }

    /// <summary>Reads SSH wire-format uint32 and length-prefixed strings.</summary>
    private ref struct WireReader(ReadOnlySpan<byte> data)
    {
        private ReadOnlySpan<byte> _rest = data;

        public uint UInt32()
        {
            if (_rest.Length < 4)
            {
                throw new IOException("The ssh-agent's reply is truncated.");
            }

            var value = BinaryPrimitives.ReadUInt32BigEndian(_rest);
            _rest = _rest[4..];
            return value;
        }

        public byte[] Bytes()
        {
            var length = UInt32();
            if (length > (uint)_rest.Length)
            {
                throw new IOException("The ssh-agent's reply is truncated.");
            }

            var value = _rest[..(int)length].ToArray();
            _rest = _rest[(int)length..];
            return value;
        }
    }
}
