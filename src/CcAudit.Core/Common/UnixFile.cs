using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace CcAudit.Core.Common;

/// <summary>
/// Opens files the way an audit must: never blocking. A FIFO where a config file should be blocks an ordinary open
/// until some writer appears, so on Linux the file is opened with <c>O_NONBLOCK</c> and its type checked on the open
/// descriptor (no race between check and open); only regular files are handed back.
/// </summary>
internal static partial class UnixFile
{
    private const int ONonBlock = 0x800;
    private const int OCloExec = 0x80000;
    private const int AtEmptyPath = 0x1000;
    private const int AtFdCwd = -100;
    private const uint StatxType = 0x1;
    private const uint StatxUid = 0x8;
    private const int FileTypeMask = 0xF000;

    /// <summary>What <see cref="Open"/> saw: a handle to a regular file, or why not.</summary>
    public readonly record struct Opened(SafeFileHandle? Handle, string? FileType, int Errno);

    /// <summary>Opens <paramref name="path"/> for reading; a non-regular file is closed again and named by its type.</summary>
    public static Opened Open(string path)
    {
        if (!OperatingSystem.IsLinux())
        {
            return new Opened(File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete), null, 0);
        }

        var fd = NativeOpen(path, ONonBlock | OCloExec);
        if (fd < 0)
        {
            return new Opened(null, null, Marshal.GetLastPInvokeError());
        }

        var handle = new SafeFileHandle(fd, ownsHandle: true);
        var type = TypeOf(fd, string.Empty, AtEmptyPath);
        if (type is not null and not "regular file")
        {
            handle.Dispose();
            return new Opened(null, type, 0);
        }

        return new Opened(handle, null, 0);
    }

    /// <summary>The owner's uid of <paramref name="path"/> (following links), or null where unknown.</summary>
    public static uint? OwnerUid(string path)
    {
        if (!OperatingSystem.IsLinux() || path.Contains('\0', StringComparison.Ordinal))
        {
            return null;
        }

        var buffer = new byte[256];
        return Statx(AtFdCwd, path, 0, StatxUid, buffer) == 0 ? BitConverter.ToUInt32(buffer, 20) : null;
    }

    private static string? TypeOf(int fd, string path, int flags)
    {
        // struct statx has one layout on every Linux architecture: stx_mode is the u16 at offset 28.
        var buffer = new byte[256];
        if (Statx(fd, path, flags, StatxType, buffer) != 0)
        {
            return null;
        }

        return (BitConverter.ToUInt16(buffer, 28) & FileTypeMask) switch
        {
            0x8000 => "regular file",
            0x4000 => "directory",
            0x1000 => "FIFO (named pipe)",
            0x2000 => "character device",
            0x6000 => "block device",
            0xC000 => "socket",
            _ => "special file",
        };
    }

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int NativeOpen(string path, int flags);

    [LibraryImport("libc", EntryPoint = "statx", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Statx(int dirfd, string path, int flags, uint mask, [Out] byte[] buffer);
}
