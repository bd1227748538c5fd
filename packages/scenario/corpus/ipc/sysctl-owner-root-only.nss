@title: only root of the ipc namespace's owning user namespace may write its sysctls
# Q1.7: ipc_permissions / mq_permissions compare the euid, not capabilities
@needs: user,ipc
init: clone u -                  => 2
u: setuid 1000                   => ok
u: sysctl kernel.shmmni          => 4096
u: sysctl kernel.shmmni 1        => EACCES
u: clone c user,ipc              => 3
c: sysctl kernel.shmmni 1        => EACCES
init: uid_map c "0 1000 1"       => ok
c: sysctl kernel.shmmni 1        => ok
c: sysctl kernel.shmmni          => 1
init: sysctl kernel.shmmni       => 4096
