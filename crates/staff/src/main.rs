//! The wasm entry point Trunk builds: mounts the staff console.

fn main() {
    lvzhi_staff::start();
}
