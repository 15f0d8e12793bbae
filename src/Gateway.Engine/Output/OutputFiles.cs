using Gateway.Interop;

namespace Gateway.Engine.Output;

/// <summary>
/// How every command writes its output files: checked before the run (an output is never one of
/// the inputs or another output, its folder exists), written under a temporary name in the same
/// folder and renamed into place only when complete, so a crash, a kill or a full disk never leaves
/// a partial file under the final name, and never truncates an input being read. A path that exists
/// and is not a regular file (a device such as /dev/null or /dev/full, a pipe) is written in place.
/// Files are compared by device and inode, so a symbolic or hard link to an input is an input.
/// </summary>
public static class OutputFiles
{
    /// <summary>
    /// The first problem with <paramref name="outputs"/> (option name and path; null paths are skipped)
    /// as one line, or null: an output that is an input, two options naming the same file, a folder
    /// that does not exist, a path that is a directory.
    /// </summary>
    public static string? Check(IEnumerable<string> inputs, IEnumerable<(string Option, string? Path)> outputs)
    {
        var taken = new List<(string What, Libc.FileStatus File)>();
        foreach (string input in inputs)
        {
            if (Libc.TryStat(input, out Libc.FileStatus s))
            {
                taken.Add(($"the input {input}", s));
            }
        }

        var named = new List<(string Option, string Path)>();
        foreach ((string option, string? path) in outputs)
        {
            if (path is null)
            {
                continue;
            }

            if (Directory.Exists(path))
            {
                return $"{option} {path} is a directory";
            }

            string full = Path.GetFullPath(path);
            string? folder = Path.GetDirectoryName(full);
            if (folder is not null && !Directory.Exists(folder))
            {
                return $"cannot write {path} ({option}): folder {folder} does not exist";
            }

            bool exists = Libc.TryStat(path, out Libc.FileStatus status);
            if (exists && !status.IsRegularFile)
            {
                continue; // a device or a pipe: written in place, never an input we map
            }

            foreach ((string what, Libc.FileStatus file) in taken)
            {
                if (exists && file.Device == status.Device && file.Inode == status.Inode)
                {
                    return $"{option} {path} is {what}: refusing to overwrite it";
                }
            }

            foreach ((string other, string otherPath) in named)
            {
                if (otherPath == full)
                {
                    return $"{option} and {other} both name {path}: one would overwrite the other";
                }
            }

            if (exists)
            {
                taken.Add(($"also given to {option}", status));
            }

            named.Add((option, full));
        }

        return null;
    }

    /// <summary>Starts writing <paramref name="path"/>: write to <see cref="PendingOutput.WritePath"/>, then <see cref="PendingOutput.Commit"/>.</summary>
    public static PendingOutput Begin(string path)
    {
        if (Libc.TryStat(path, out Libc.FileStatus status) && !status.IsRegularFile)
        {
            return new PendingOutput(path, path);
        }

        string full = Path.GetFullPath(path);
        string temporary = Path.Combine(Path.GetDirectoryName(full)!, $".{Path.GetFileName(full)}.{Environment.ProcessId}.tmp");
        return new PendingOutput(full, temporary);
    }

    /// <summary>Writes <paramref name="path"/> whole or not at all: <paramref name="write"/> gets the path to write to.</summary>
    public static void WriteAtomically(string path, Action<string> write)
    {
        ArgumentNullException.ThrowIfNull(write);
        using PendingOutput output = Begin(path);
        write(output.WritePath);
        output.Commit();
    }
}

/// <summary>One output being written under a temporary name (see <see cref="OutputFiles"/>); disposed without <see cref="Commit"/>, the temporary file is removed.</summary>
public sealed class PendingOutput : IDisposable
{
    private bool _done;

    public PendingOutput(string finalPath, string writePath)
    {
        FinalPath = finalPath;
        WritePath = writePath;
    }

    /// <summary>Where the output will be when committed.</summary>
    public string FinalPath { get; }

    /// <summary>Where to write it now.</summary>
    public string WritePath { get; }

    /// <summary>Renames the complete file into place (atomic within a file system).</summary>
    public void Commit()
    {
        if (!_done && WritePath != FinalPath)
        {
            File.Move(WritePath, FinalPath, overwrite: true);
        }

        _done = true;
    }

    public void Dispose()
    {
        if (_done || WritePath == FinalPath)
        {
            return;
        }

        _done = true;
        try
        {
            File.Delete(WritePath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
    }
}
