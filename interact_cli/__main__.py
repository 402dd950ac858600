from interact_cli.cli.app import main

main()
