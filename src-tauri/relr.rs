//! Packs the executable's relative relocations (`DT_RELR`) where the system's C library can
//! load them. Without it the dynamic loader reads about 2 MB of relocation records at every
//! launch, and those pages stay in the app's memory for as long as it runs (measured: the
//! section was wholly resident at idle). Shared by the app's and the bench's bare window's build
//! scripts, so the two are linked alike.

/// glibc loads `DT_RELR` from 2.36 on (Debian 12, Ubuntu 22.10); an older one (the release
/// workflow's Ubuntu 22.04) would refuse the binary, so it is linked as before there. Only a
/// native build can ask the C library it will run on. x86_64 only: GNU ld packs them there from
/// 2.38, older than any glibc 2.36 system's, but on AArch64 only from 2.43 (Debian 12 has 2.40).
pub fn pack_relative_relocations() {
    let target = std::env::var("TARGET").unwrap_or_default();
    let host = std::env::var("HOST").unwrap_or_default();
    if target != host || target != "x86_64-unknown-linux-gnu" {
        return;
    }
    if glibc_version().is_some_and(|v| v >= (2, 36)) {
        println!("cargo:rustc-link-arg-bins=-Wl,-z,pack-relative-relocs");
    }
}

#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn glibc_version() -> Option<(u32, u32)> {
    unsafe extern "C" {
        fn gnu_get_libc_version() -> *const std::ffi::c_char;
    }
    // SAFETY: glibc returns a static, NUL-terminated string.
    let v = unsafe { std::ffi::CStr::from_ptr(gnu_get_libc_version()) }
        .to_str()
        .ok()?;
    let mut parts = v.split('.').map(|p| p.parse::<u32>().ok());
    Some((parts.next()??, parts.next()??))
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn glibc_version() -> Option<(u32, u32)> {
    None
}
