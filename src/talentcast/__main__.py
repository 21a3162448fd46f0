from talentcast.cli import main

main()
