@title: a write to setgroups holds "allow" or "deny", then only blanks, in fewer than 8 bytes
@needs: user
# U2.22: proc_setgroups_write
init: clone a user                      => 2
init: read setgroups a                  => allow
init: setgroups a "allowx"              => EINVAL
init: setgroups a "Deny"                => EINVAL
init: setgroups a " deny"               => EINVAL
init: setgroups a "deny x"              => EINVAL
init: setgroups a "deny    "            => EINVAL
init: setgroups a "allow  "             => ok
init: read setgroups a                  => allow
init: setgroups a "deny   "             => ok
init: read setgroups a                  => deny
init: setgroups a "allow"               => EPERM
