/// A group name made safe as a file name: `/ \ : * ? " < > |` and control
/// characters become `_`, leading dots become `_` (no hidden files), Chinese
/// and every other character are kept. Never empty.
func safeFileName(_ name: String) -> String {
    let forbidden: Set<Unicode.Scalar> = ["/", "\\", ":", "*", "?", "\"", "<", ">", "|"]
    var scalars = String.UnicodeScalarView()
    var leading = true
    for scalar in name.unicodeScalars {
        if leading && scalar == "." {
            scalars.append("_")
            continue
        }
        leading = false
        scalars.append(forbidden.contains(scalar) || scalar.value < 0x20 || scalar.value == 0x7F ? "_" : scalar)
    }
    var result = String(scalars)
    // Keep well under the usual 255-byte limit, leaving room for a suffix and extension.
    while result.utf8.count > 200 { result.removeLast() }
    return result.isEmpty ? "_" : result
}

/// Unique file names for a list of group names, in order: a name that
/// sanitises to one already taken gets `-2`, `-3`… appended.
func uniqueFileNames(_ names: [String]) -> [String] {
    var taken = Set<String>()
    return names.map { name in
        let base = safeFileName(name)
        var candidate = base, n = 2
        while taken.contains(candidate.lowercased()) {
            candidate = "\(base)-\(n)"
            n += 1
        }
        taken.insert(candidate.lowercased())
        return candidate
    }
}
