using CcAudit.Core.Common;

namespace CcAudit.Core.Discovery;

/// <summary>
/// Whose audit a snapshot is: the owners of the audited homes (file owner uid, named through the passwd file), not the
/// user who ran ccaudit; root auditing <c>--home /home/alice</c> files the snapshot under alice.
/// </summary>
internal static class HomeOwner
{
    public static string Of(IReadOnlyList<ClaudeHome> homes, string passwdFile)
    {
        var uids = homes.Select(h => UnixFile.OwnerUid(h.UserHome) ?? UnixFile.OwnerUid(h.ConfigDir)).ToList();
        if (uids.Count == 0 || uids.Any(u => u is null))
        {
            return Environment.UserName;
        }

        var names = NamesByUid(passwdFile);
        var owners = uids.Distinct().Select(u => names.GetValueOrDefault(u!.Value, "uid " + u.Value));
        return string.Join(',', owners.Order(StringComparer.Ordinal));
    }

    private static Dictionary<uint, string> NamesByUid(string passwdFile)
    {
        var names = new Dictionary<uint, string>();
        foreach (var fields in (SafeFile.ReadText(passwdFile).Value ?? string.Empty).Split('\n').Select(l => l.Split(':')))
        {
            if (fields.Length >= 3 && uint.TryParse(fields[2], System.Globalization.CultureInfo.InvariantCulture, out var uid))
            {
                names.TryAdd(uid, fields[0]);
            }
        }

        return names;
    }
}
