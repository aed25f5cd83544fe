//! Everything the application logs, captured for tests to search.

use std::sync::{Arc, Mutex, Once, OnceLock};

use verigate::telemetry::OneLinePerEvent;

/// Everything the application logs, from every test in this process (each test looks only for
/// its own values in it).
pub fn captured_logs() -> String {
    String::from_utf8_lossy(&log_buffer().lock().expect("log buffer")).into_owned()
}

fn log_buffer() -> &'static Arc<Mutex<Vec<u8>>> {
    static LOGS: OnceLock<Arc<Mutex<Vec<u8>>>> = OnceLock::new();
    LOGS.get_or_init(Default::default)
}

struct LogWriter;

impl std::io::Write for LogWriter {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        log_buffer()
            .lock()
            .expect("log buffer")
            .extend_from_slice(bytes);
        Ok(bytes.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Sends every log line of the process, at debug level, to the capture buffer, one line per
/// event as the server writes them.
pub fn capture_logs() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let subscriber = tracing_subscriber::fmt()
            .with_env_filter(tracing_subscriber::EnvFilter::new("debug"))
            .with_writer(OneLinePerEvent(|| LogWriter))
            .finish();
        let _ = tracing::subscriber::set_global_default(subscriber);
    });
}
