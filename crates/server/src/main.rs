//! The `lvzhi-server` command: parses options, serves until Ctrl-C or SIGTERM; or, as
//! `lvzhi-server rotate-contacts-key`, reseals the stored contacts under a new key.

use lvzhi_server::config::{Config, ParsedArgs};

#[tokio::main]
async fn main() {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let rotate = args.first().is_some_and(|first| first == "rotate-contacts-key");
    if rotate {
        args.remove(0);
    }
    let config = match Config::from_args_and_env(args, |key| std::env::var(key).ok()) {
        Ok(ParsedArgs::Run(config)) => config,
        Ok(ParsedArgs::Help) => {
            print!("{}", Config::help());
            return;
        }
        Err(message) => {
            eprintln!("lvzhi-server: {message}\n\n{}", Config::help());
            std::process::exit(2);
        }
    };
    if rotate {
        match lvzhi_server::sealing::rotate_contacts_key(&config.data_dir) {
            Ok(rotation) => {
                println!(
                    "contacts key rotated: {} → {}, {} contacts resealed",
                    rotation.from, rotation.to, rotation.resealed
                );
                return;
            }
            Err(error) => {
                eprintln!("lvzhi-server rotate-contacts-key: {error}");
                std::process::exit(1);
            }
        }
    }
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
