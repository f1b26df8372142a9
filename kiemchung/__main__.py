from kiemchung.cli import app

app(prog_name="kiemchung")
