//! The `tenant-audit` command line (in progress).

fn main() {}
