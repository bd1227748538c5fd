@title: sethostid needs CAP_SYS_ADMIN over the owner of the hostid namespace; setns follows the usual rule
# H1.2 (hostid-namespace.ts): sethostid checks nsCapable(CAP_SYS_ADMIN) over the namespace's owner, like sethostname.
@needs: hostid, user
init: clone a hostid             => 2
init: clone u -                  => 3
u: open a hostid fa              => ok
u: setuid 1000                   => ok
u: sethostid 7                   => EPERM
u: setns-fd fa                   => EPERM
u: ns hostid                     => hostid:1
init: clone v user,hostid        => 4
v: sethostid 7                   => ok
v: gethostid                     => 00000007
a: gethostid                     => 007f0101
