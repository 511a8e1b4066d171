from ui import request_page, sidebar

request_page.render(sidebar.current_view())
