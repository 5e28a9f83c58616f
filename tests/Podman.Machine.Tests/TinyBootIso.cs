using System.Buffers.Binary;
using System.Text;

namespace Podman.Machine.Tests;

/// <summary>
/// A 42 KiB El Torito ISO whose boot image (x86 real mode) writes <see cref="Greeting"/> to COM1 and halts:
/// a guest that shows on the serial console, as the appliance's boot loader does, whether it runs.
/// </summary>
internal static class TinyBootIso
{
    public const string Greeting = "tiny guest: hello from real mode";
    private const int Sector = 2048;

    // push cs; pop ds; call +0; pop si; add si, 19 (the text follows the code); mov dx, 0x3f8;
    // again: lodsb; test al, al; jz done; out dx, al; jmp again; done: cli; hlt; jmp done.
    private static readonly byte[] Code =
    [
        0x0E, 0x1F, 0xE8, 0x00, 0x00, 0x5E, 0x83, 0xC6, 0x13, 0xBA, 0xF8, 0x03,
        0xAC, 0x84, 0xC0, 0x74, 0x03, 0xEE, 0xEB, 0xF8, 0xFA, 0xF4, 0xEB, 0xFD,
    ];

    public static void Write(string path)
    {
        var iso = new byte[21 * Sector];
        Span<byte> pvd = iso.AsSpan(16 * Sector, Sector); // primary volume descriptor
        Header(pvd, 1);
        BinaryPrimitives.WriteInt32LittleEndian(pvd[80..], 21);
        BinaryPrimitives.WriteInt32BigEndian(pvd[84..], 21);
        BinaryPrimitives.WriteInt16LittleEndian(pvd[128..], Sector);
        BinaryPrimitives.WriteInt16BigEndian(pvd[130..], Sector);

        Span<byte> bootRecord = iso.AsSpan(17 * Sector, Sector);
        Header(bootRecord, 0);
        Encoding.ASCII.GetBytes("EL TORITO SPECIFICATION").CopyTo(bootRecord[7..]);
        BinaryPrimitives.WriteInt32LittleEndian(bootRecord[0x47..], 19); // the boot catalog's sector

        Header(iso.AsSpan(18 * Sector, Sector), 255); // terminator

        Span<byte> catalog = iso.AsSpan(19 * Sector, 64);
        catalog[0] = 1; // validation entry, platform x86
        catalog[30] = 0x55;
        catalog[31] = 0xAA;
        ushort sum = 0;
        for (int i = 0; i < 32; i += 2)
        {
            sum += BinaryPrimitives.ReadUInt16LittleEndian(catalog[i..]);
        }

        BinaryPrimitives.WriteUInt16LittleEndian(catalog[28..], (ushort)-sum);
        catalog[32] = 0x88; // initial entry: bootable, no emulation, default segment 0x7C0
        BinaryPrimitives.WriteUInt16LittleEndian(catalog[38..], 1); // one 512-byte sector
        BinaryPrimitives.WriteInt32LittleEndian(catalog[40..], 20); // the boot image's sector

        Code.CopyTo(iso, 20 * Sector);
        Encoding.ASCII.GetBytes(Greeting + "\r\n\0").CopyTo(iso, 20 * Sector + Code.Length);
        File.WriteAllBytes(path, iso);
    }

    private static void Header(Span<byte> descriptor, byte type)
    {
        descriptor[0] = type;
        Encoding.ASCII.GetBytes("CD001").CopyTo(descriptor[1..]);
        descriptor[6] = 1;
    }
}
