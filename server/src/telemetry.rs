//! Logging with `tracing`: human-readable or JSON lines, filtered by `RUST_LOG`, one line per
//! event.

use std::io::{self, Write};

use tracing_subscriber::{EnvFilter, fmt::MakeWriter};

use crate::config::LogFormat;

/// Installs the global subscriber, writing to `writer`.
pub fn init<W>(format: LogFormat, writer: W)
where
    W: for<'w> MakeWriter<'w> + Send + Sync + 'static,
{
    let filter = EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn,tower_http=info"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(OneLinePerEvent(writer));
    // Ignore a second initialisation (tests build several applications in one process).
    let _ = match format {
        LogFormat::Human => builder.try_init(),
        LogFormat::Json => builder.json().flatten_event(true).try_init(),
    };
}

/// Keeps each event on its own line. The human format writes field values as they are, so a
/// value from outside (a typed username, a provider's message, an error's cause chain) could
/// hold a line break and start a line that reads as another event; a carriage return or line
/// feed inside an event is written as `\r` or `\n` instead. (JSON escapes them already.)
pub struct OneLinePerEvent<M>(pub M);

impl<'w, M: MakeWriter<'w>> MakeWriter<'w> for OneLinePerEvent<M> {
    type Writer = EscapedBreaks<M::Writer>;

    fn make_writer(&'w self) -> Self::Writer {
        EscapedBreaks(self.0.make_writer())
    }
}

/// Writes one formatted event (the subscriber writes each event whole, ending in `\n`) with the
/// line breaks before its end escaped.
pub struct EscapedBreaks<W>(W);

impl<W: Write> Write for EscapedBreaks<W> {
    fn write(&mut self, event: &[u8]) -> io::Result<usize> {
        let body = event.strip_suffix(b"\n").unwrap_or(event);
        if !body.iter().any(|byte| matches!(byte, b'\n' | b'\r')) {
            self.0.write_all(event)?;
            return Ok(event.len());
        }
        let mut escaped = Vec::with_capacity(event.len() + 16);
        for &byte in body {
            match byte {
                b'\n' => escaped.extend_from_slice(b"\\n"),
                b'\r' => escaped.extend_from_slice(b"\\r"),
                _ => escaped.push(byte),
            }
        }
        escaped.extend_from_slice(&event[body.len()..]);
        self.0.write_all(&escaped)?;
        Ok(event.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.0.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn written(event: &str) -> String {
        let mut out = EscapedBreaks(Vec::new());
        let consumed = out.write(event.as_bytes()).expect("written");
        assert_eq!(consumed, event.len());
        String::from_utf8(out.0).expect("UTF-8")
    }

    #[test]
    fn line_breaks_inside_an_event_are_escaped_and_its_end_is_kept() {
        assert_eq!(
            written("WARN refused username=x\nERROR forged\r\n"),
            "WARN refused username=x\\nERROR forged\\r\n"
        );
        assert_eq!(written("INFO plain\n"), "INFO plain\n");
        assert_eq!(written("no end"), "no end");
    }
}
