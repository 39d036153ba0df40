//! The `lvzhi-server` command: parses options, serves until Ctrl-C or SIGTERM.

use lvzhi_server::config::{Config, ParsedArgs};

#[tokio::main]
async fn main() {
    let config = match Config::from_args_and_env(std::env::args().skip(1), |key| std::env::var(key).ok()) {
        Ok(ParsedArgs::Run(config)) => config,
        Ok(ParsedArgs::Help) => {
            print!("{}", Config::HELP);
            return;
        }
        Err(message) => {
            eprintln!("lvzhi-server: {message}\n\n{}", Config::HELP);
            std::process::exit(2);
        }
    };
    let data_dir = config.data_dir.display().to_string();
    let result = lvzhi_server::serve(
        config,
        |addr| println!("Lüzhi is serving on http://{addr} (data in {data_dir}); Ctrl-C stops it"),
        shutdown_signal(),
    )
    .await;
    match result {
        Ok(()) => println!("Lüzhi stopped cleanly"),
        Err(error) => {
            eprintln!("lvzhi-server: {error}");
            std::process::exit(1);
        }
    }
}

/// Completes on Ctrl-C or SIGTERM, letting in-flight requests finish.
async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    println!("shutting down: finishing requests in flight");
}
