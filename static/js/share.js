// The device's share sheet (Web Share API), where the browser has one; the plain
// links beside it work everywhere.
(function () {
  if (!navigator.share) return;
  document.querySelectorAll("[data-share-item]").forEach(function (item) {
    var button = item.querySelector("[data-share-url]");
    item.hidden = false;
    button.addEventListener("click", function () {
      navigator.share({ title: document.title, text: button.dataset.shareText,
                        url: button.dataset.shareUrl }).catch(function () {});
    });
  });
})();
