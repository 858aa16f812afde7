//! Who runs a command of the command line: the operator, who has no user account and is
//! named in the audit log by the operating-system account the process runs as.

use std::os::unix::fs::MetadataExt;

use panah_app::{Actor, Door};
use panah_domain::OsUser;

/// The operator running the command `attempt` (such as `panah report funding`), known by
/// their operating-system account.
pub fn actor(attempt: &str) -> Actor {
    actor_at(Door::Cli, attempt)
}

/// [`actor`], for a command that is a door of its own (`panah demo`).
pub fn actor_at(door: Door, attempt: &str) -> Actor {
    let operator = Actor::operator(door, attempt);
    match os_user() {
        Some(os_user) => operator.run_by(os_user),
        None => operator,
    }
}

/// The account this process runs as: its name in the password database, or `uid N` when
/// it has none there (an account from a directory service, a container's bare uid).
///
/// The uid is that of the process's own `/proc` entry, not `$USER`: an environment
/// variable says whatever the shell was told, the uid is what the kernel enforces.
/// `None` only where `/proc` is missing, and the operator is then audited as the system.
pub fn os_user() -> Option<OsUser> {
    let uid = std::fs::metadata("/proc/self").ok()?.uid();
    let name = std::fs::read_to_string("/etc/passwd")
        .ok()
        .and_then(|passwd| name_of(&passwd, uid));
    name.and_then(|name| name.parse().ok())
        .or_else(|| format!("uid {uid}").parse().ok())
}

/// The name of `uid` in the text of a password database (`name:password:uid:...` lines).
fn name_of(passwd: &str, uid: u32) -> Option<String> {
    passwd.lines().find_map(|line| {
        let mut fields = line.split(':');
        let name = fields.next()?;
        let found = fields.nth(1)?.parse::<u32>().ok()? == uid;
        (found && !name.is_empty()).then(|| name.to_owned())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_name_of_a_uid_comes_from_its_password_database_line() {
        let passwd = "root:x:0:0:root:/root:/bin/bash\n\
                      # a comment\n\
                      karim:x:1001:1001:Karim,,,:/home/karim:/bin/bash\n";
        assert_eq!(name_of(passwd, 0).as_deref(), Some("root"));
        assert_eq!(name_of(passwd, 1001).as_deref(), Some("karim"));
        assert_eq!(name_of(passwd, 1002), None);
    }

    #[test]
    fn the_process_has_an_os_user() {
        assert!(os_user().is_some());
    }
}
