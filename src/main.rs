//! The wasm entry point Trunk builds: mounts the app.

fn main() {
    lvzhi_app::start();
}
